package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.runstate.core.Termination;
import org.runstate.core.clock.RealtimeClock;

/** A failure inside the machine ends the launcher with a non-zero status and one line, never as a clean exit. */
class LauncherFailureTest {
    @Test
    void aDeviceTimerThatThrowsEndsTheLauncherWithStatusOneAndOneLineOnStderr() throws Exception {
        Termination end;
        String stderr;
        try (StderrCapture log = StderrCapture.start(); RunstateVm vm = RunstateVm.launch("-S", "-nodefaults")) {
            vm.machine().submit(() -> {
                RealtimeClock clock = vm.machine().realtimeClock();
                clock.newTimer(() -> {
                    throw new IllegalStateException("device model bug");
                }).mod(clock.nowNs());
            }).join();
            end = vm.termination().get(10, TimeUnit.SECONDS);
            stderr = log.text();
        }

        assertThat(end.exitStatus()).isEqualTo(1);
        assertThat(end.failure()).isPresent();
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).singleElement().asString()
                .startsWith(RunstateVm.programName()
                        + ": the machine failed on its control thread: java.lang.IllegalStateException: device model bug (at ");
    }
}
