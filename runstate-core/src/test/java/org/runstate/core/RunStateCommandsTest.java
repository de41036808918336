package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StatusInfo;

/** The §4.3 state x command matrix of the reference notes, on a real machine with real vCPU threads. */
class RunStateCommandsTest {
    private static RunStateCommandException refusal(final Throwable t) {
        return (RunStateCommandException) (t instanceof CompletionException ? t.getCause() : t);
    }

    @Test
    void withoutMinusSTheMachineRunsAfterStartAndTheVcpusExecute() {
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            await().until(() -> h.slices.get(0) > 10);
            assertThat(h.qmp(() -> h.machine.commands().queryStatus())).isEqualTo(new StatusInfo(true, false, RunState.RUNNING));
        }
    }

    @Test
    void prelaunchStopIsSilentResetStaysAndContResumes() {
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(false))) {
            h.qmp(() -> h.machine.commands().stop());
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.eventNames()).containsExactly("RESET", "RESUME");
            assertThat(h.events().get(0)).isEqualTo(new ResetEvent(false, ShutdownCause.HOST_QMP_SYSTEM_RESET));
        }
    }

    @Test
    void stopEmitsStopBeforeItCompletesAndParksEveryVcpu() {
        try (MachineHarness h = new MachineHarness(2, b -> b)) {
            await().until(() -> h.slices.get(0) > 0 && h.slices.get(1) > 0);
            h.qmp(() -> h.machine.commands().stop());
            assertThat(h.eventNames()).containsExactly("STOP");
            assertThat(h.machine.vcpus().allStopped()).isTrue();
            long a = h.slices.get(0);
            long b = h.slices.get(1);
            h.qmp(() -> h.machine.commands().stop()); // a whole control-loop round trip later
            assertThat(h.slices.get(0)).isEqualTo(a);
            assertThat(h.slices.get(1)).isEqualTo(b);
            assertThat(h.eventNames()).containsExactly("STOP");
            h.qmp(() -> h.machine.commands().cont());
            await().until(() -> h.slices.get(0) > a && h.slices.get(1) > b);
        }
    }

    @Test
    void resetWhilePausedLandsInPrelaunch() {
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            h.qmp(() -> h.machine.commands().stop());
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
            assertThat(h.eventNames()).containsExactly("STOP", "RESET");
        }
    }

    @Test
    void resetWhileRunningKeepsRunningWithoutStopOrResume() {
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            long before = h.slices.get(0);
            await().until(() -> h.slices.get(0) > before);
            assertThat(h.eventNames()).containsExactly("RESET");
        }
    }

    @Test
    void quitEmitsShutdownAndExitsWithZeroEvenWithNoShutdown() {
        try (MachineHarness h = MachineHarness.start(b -> b.actions(new ActionCommandLine().noShutdown().toCommand()))) {
            h.qmp(() -> h.machine.commands().quit());
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, false));
            assertThat(h.events()).containsExactly(new ShutdownEvent(false, ShutdownCause.HOST_QMP_QUIT));
            assertThat(h.machine.vcpus().vcpus()).allSatisfy(v -> assertThat(v.isStopped()).isTrue());
        }
    }

    @Test
    void noRebootNoShutdownMakesSystemResetAShutdownThatCannotBeReset() {
        try (MachineHarness h = MachineHarness.start(b -> b.actions(new ActionCommandLine().noReboot().noShutdown().toCommand()))) {
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.SHUTDOWN);
            assertThat(h.eventNames()).containsExactly("SHUTDOWN", "STOP");
            assertThatThrownBy(() -> h.qmp(() -> h.machine.commands().cont()))
                    .satisfies(t -> assertThat(refusal(t)).hasMessage("Resetting the Virtual Machine is required"));
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).as("QEMU quirk: the reset is a shutdown again").isEqualTo(RunState.SHUTDOWN);
            assertThat(h.eventNames()).containsExactly("SHUTDOWN", "STOP", "SHUTDOWN");
            h.qmp(() -> h.machine.commands().setAction(new ActionCommandLine().action("reboot=reset").toCommand()));
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
        }
    }

    @Test
    void noRebootAloneTurnsSystemResetIntoExit() {
        try (MachineHarness h = MachineHarness.start(b -> b.actions(new ActionCommandLine().noReboot().toCommand()))) {
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.events()).containsExactly(new ShutdownEvent(false, ShutdownCause.HOST_QMP_SYSTEM_RESET));
        }
    }

    @Test
    void systemWakeupFailsWithoutSupportAndWhenNotSuspended() {
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            assertThatThrownBy(() -> h.qmp(() -> h.machine.commands().systemWakeup()))
                    .satisfies(t -> assertThat(refusal(t)).hasMessage("wake-up from suspend is not supported by this guest"));
        }
        try (MachineHarness h = MachineHarness.start(b -> b.wakeupSupported(true))) {
            assertThatThrownBy(() -> h.qmp(() -> h.machine.commands().systemWakeup()))
                    .satisfies(t -> assertThat(refusal(t)).hasMessage("Unable to wake up: guest is not in suspended state"));
        }
    }

    @Test
    void systemPowerdownEmitsPowerdownInAnyStateAndRunsNotifiers() {
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(false))) {
            int[] notified = {0};
            h.machine.addPowerdownNotifier(() -> notified[0]++);
            h.qmp(() -> h.machine.commands().systemPowerdown());
            assertThat(h.eventNames()).containsExactly("POWERDOWN");
            assertThat(notified[0]).isEqualTo(1);
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
        }
    }

    @Test
    void injectNmiReachesEveryVcpuOrIsUnsupported() {
        try (MachineHarness h = new MachineHarness(2, b -> b.nmi(NmiHandler.ALL_VCPUS))) {
            h.qmp(() -> h.machine.commands().injectNmi());
            assertThat(h.machine.vcpus().vcpus()).allSatisfy(v -> assertThat(v.nmiCount()).isEqualTo(1));
        }
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            assertThatThrownBy(() -> h.qmp(() -> h.machine.commands().injectNmi()))
                    .satisfies(t -> assertThat(refusal(t)).hasMessage("this feature or command is not currently supported"));
        }
    }

    @Test
    void inmigrateStopAndContOnlyToggleAutostartAndResetStaysInmigrate() {
        try (MachineHarness h = MachineHarness.start(b -> b.incoming(true))) {
            assertThat(h.state()).isEqualTo(RunState.INMIGRATE);
            h.qmp(() -> h.machine.commands().stop());
            assertThat(h.machine.commands().autostart()).isFalse();
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.machine.commands().autostart()).isTrue();
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.INMIGRATE);
            assertThat(h.eventNames()).containsExactly("RESET");
        }
    }

    @Test
    void commandsRefuseToRunOffTheControlThread() {
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            assertThatThrownBy(() -> h.machine.commands().stop()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void changeStateHandlersRunOnStartAndStopButNotOnSuspend() {
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(false).wakeupSupported(true))) {
            java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
            h.machine.changeStateHandlers().add((running, s) -> calls.add(running + ":" + s.wireName()));
            h.qmp(() -> h.machine.commands().cont());
            h.guest(() -> h.machine.requests().suspend());
            h.qmp(() -> h.machine.commands().systemWakeup());
            h.qmp(() -> h.machine.commands().stop());
            assertThat(calls).containsExactly("true:running", "false:paused");
        }
    }
}
