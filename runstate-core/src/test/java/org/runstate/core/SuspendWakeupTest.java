package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;

/** ACPI S3 as QEMU 7.2 does it (reference §3.9), and the suspend race that aborts QEMU 7.2.22 (§8.1). */
class SuspendWakeupTest {
    private static MachineHarness pc() {
        return MachineHarness.start(b -> b.wakeupSupported(true));
    }

    @Test
    void guestSuspendEmitsSuspendWithoutStop() {
        try (MachineHarness h = pc()) {
            h.guest(() -> h.machine.requests().suspend());
            assertThat(h.state()).isEqualTo(RunState.SUSPENDED);
            assertThat(h.eventNames()).containsExactly("SUSPEND");
            assertThat(h.machine.vcpus().allStopped()).isTrue();
        }
    }

    @Test
    void stopAndContAreSilentNoOpsWhileSuspended() {
        try (MachineHarness h = pc()) {
            h.guest(() -> h.machine.requests().suspend());
            h.qmp(() -> h.machine.commands().stop());
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.state()).isEqualTo(RunState.SUSPENDED);
            assertThat(h.eventNames()).containsExactly("SUSPEND");
        }
    }

    @Test
    void systemWakeupRunsAtOnceResetsDevicesWithoutResetEventAndEmitsWakeup() {
        try (MachineHarness h = pc()) {
            List<ShutdownCause> resets = new CopyOnWriteArrayList<>();
            List<WakeupReason> reasons = new CopyOnWriteArrayList<>();
            h.machine.addResetHandler(resets::add);
            h.machine.addWakeupNotifier(reasons::add);
            h.guest(() -> h.machine.requests().suspend());
            h.qmp(() -> h.machine.commands().systemWakeup());
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.eventNames()).containsExactly("SUSPEND", "WAKEUP");
            assertThat(resets).containsExactly(ShutdownCause.NONE);
            assertThat(reasons).containsExactly(WakeupReason.OTHER);
            assertThat(h.machine.vcpus().allStopped()).isFalse();
        }
    }

    @Test
    void maskedWakeupReasonIsDroppedSilently() {
        try (MachineHarness h = pc()) {
            h.machine.requests().setWakeupEnabled(WakeupReason.RTC, false);
            h.guest(() -> h.machine.requests().suspend());
            h.qmp(() -> h.machine.requests().wakeup(WakeupReason.RTC));
            assertThat(h.state()).isEqualTo(RunState.SUSPENDED);
        }
    }

    @Test
    void resetWhileSuspendedLandsInPrelaunch() {
        try (MachineHarness h = pc()) {
            h.guest(() -> h.machine.requests().suspend());
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
            assertThat(h.eventNames()).containsExactly("SUSPEND", "RESET");
        }
    }

    /**
     * QEMU 7.2.22 dies here with "invalid runstate transition: 'paused' -> 'suspended'": the guest's
     * suspend request is still pending when a QMP stop runs. We drop the stale request and live.
     */
    @Test
    void stopBetweenASuspendRequestAndItsProcessingDoesNotKillTheMachine() {
        try (MachineHarness h = pc()) {
            h.qmp(() -> {
                h.machine.runAsVcpu(0, () -> h.machine.requests().suspend());
                h.machine.commands().stop();
            });
            assertThat(h.state()).isEqualTo(RunState.PAUSED);
            assertThat(h.eventNames()).containsExactly("STOP");
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.machine.termination()).isNotDone();
        }
    }

    /** The loop that reproduced the abort: pipelined system_wakeup + stop + query-status while the guest re-enters S3. */
    @RepeatedTest(20)
    void wakeupStopRaceWithAGuestThatSuspendsAgainSurvives() throws Exception {
        try (MachineHarness h = pc()) {
            Thread guest = new Thread(() -> {
                for (int i = 0; i < 200 && !h.machine.termination().isDone(); i++) {
                    h.machine.runAsVcpu(0, () -> h.machine.requests().suspend());
                    Thread.yield();
                }
            });
            guest.start();
            for (int i = 0; i < 50; i++) {
                h.qmp(() -> {
                    try {
                        h.machine.commands().systemWakeup();
                    } catch (RunStateCommandException notSuspended) {
                        // fine: the guest has not re-entered S3 yet
                    }
                    h.machine.commands().stop();
                    return h.machine.commands().queryStatus();
                });
                h.qmp(() -> h.machine.commands().cont());
            }
            guest.join();
            assertThat(h.machine.termination()).isNotDone();
            assertThat(h.state()).isIn(RunState.RUNNING, RunState.SUSPENDED, RunState.PAUSED);
        }
    }
}
