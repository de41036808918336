package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.Termination;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.PowerdownEvent;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * A disabled wait of the last running CPU under each panic action: the s390-panic-* scenarios and
 * the action table of reference/s390.md section 4.
 */
class DisabledWaitPanicTest {
    static final String DISABLED_WAIT_12345 = "s390_psw 0 0x0002000180000000 0x12345";
    static final GuestPanicInformationS390 INFO_12345 =
            new GuestPanicInformationS390(0, 0x0002000180000000L, 0x12345, S390CrashReason.DISABLED_WAIT);

    /** A running machine (panic=pause) that CPU 0's disabled wait has just paused; its events taken. */
    private static S390Harness pausedByADisabledWait() {
        S390Harness h = S390Harness.running(S390Harness.action("panic=pause"));
        h.io(DISABLED_WAIT_12345);
        h.takeEvents();
        return h;
    }

    @Test
    void panicPauseReportsTheCpuPswAndStopsInGuestPanicked() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            assertThat(h.io(DISABLED_WAIT_12345)).isEqualTo("OK");
            h.expectPausedByPanic(INFO_12345);
        }
    }

    @Test
    void defaultPanicActionShutsDownWithoutStopAndExitsZero() {
        try (S390Harness h = S390Harness.running()) {
            assertThat(h.io(DISABLED_WAIT_12345)).isEqualTo("OK");
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, false));
            assertThat(h.takeEvents()).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.POWEROFF, INFO_12345),
                    new ShutdownEvent(true, ShutdownCause.GUEST_PANIC));
        }
    }

    @Test
    void panicExitFailureExitsWithStatusOne() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=exit-failure"))) {
            h.io(DISABLED_WAIT_12345);
            assertThat(h.awaitTermination().exitStatus()).isEqualTo(1);
            assertThat(h.takeEvents()).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.POWEROFF, INFO_12345),
                    new ShutdownEvent(true, ShutdownCause.GUEST_PANIC));
        }
    }

    @Test
    void panicExitFailureWithNoShutdownStopsInShutdownAndQuitExitsZero() {
        try (S390Harness h = S390Harness.running(a -> a.action("panic=exit-failure").noShutdown())) {
            h.io(DISABLED_WAIT_12345);
            assertThat(h.takeEvents()).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.POWEROFF, INFO_12345),
                    new ShutdownEvent(true, ShutdownCause.GUEST_PANIC), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.SHUTDOWN);
            h.quit();
            assertThat(h.awaitTermination().exitStatus()).isZero();
        }
    }

    @Test
    void noShutdownTurnsTheDefaultPanicIntoPause() {
        try (S390Harness h = S390Harness.running(a -> a.noShutdown())) {
            h.io(DISABLED_WAIT_12345);
            h.expectPausedByPanic(INFO_12345);
            h.quit();
            assertThat(h.takeEvents()).containsExactly(new ShutdownEvent(false, ShutdownCause.HOST_QMP_QUIT));
            assertThat(h.awaitTermination().exitStatus()).isZero();
        }
    }

    @Test
    void panicNoneOnlyReportsAndKeepsRunning() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=none"))) {
            h.io(DISABLED_WAIT_12345);
            assertThat(h.takeEvents()).containsExactly(new GuestPanickedEvent(GuestPanicAction.RUN, INFO_12345));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void setActionPauseInPrelaunchActsLikeTheOption() {
        try (S390Harness h = S390Harness.launch(1, a -> { })) {
            h.qmp(() -> h.machine.commands().setAction(
                    new org.runstate.core.ActionCommandLine().action("panic=pause").toCommand()));
            h.cont();
            h.io(DISABLED_WAIT_12345);
            assertThat(h.takeEvents()).containsExactly(ResumeEvent.INSTANCE,
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, INFO_12345), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
        }
    }

    @Test
    void powerdownAfterThePanicOnlyEmitsPowerdown() {
        try (S390Harness h = pausedByADisabledWait()) {
            h.systemPowerdown();
            assertThat(h.takeEvents()).containsExactly(PowerdownEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
        }
    }

    @Test
    void contAfterThePanicResumesWithoutASecondPanic() {
        try (S390Harness h = pausedByADisabledWait()) {
            h.cont();
            assertThat(h.takeEvents()).containsExactly(ResumeEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.s390.isHalted(0)).isTrue();
        }
    }

    @Test
    void systemResetAfterThePanicEntersPrelaunchAndClearsTheCrashInformation() {
        try (S390Harness h = pausedByADisabledWait()) {
            h.systemReset();
            assertThat(h.takeEvents()).containsExactly(new ResetEvent(false, ShutdownCause.HOST_QMP_SYSTEM_RESET));
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
            assertThat(h.s390.crashInformation(0)).isNull();
            assertThat(h.s390.cpuState(0)).isEqualTo(CpuState.OPERATING);
            assertThat(h.s390.isHalted(0)).isFalse();
        }
    }

    @Test
    void afterResetAndContTheSameDisabledWaitPanicsIdentically() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.io(DISABLED_WAIT_12345);
            h.systemReset();
            h.cont();
            h.takeEvents();
            h.io(DISABLED_WAIT_12345);
            h.expectPausedByPanic(INFO_12345);
        }
    }

    @Test
    void theCpuStaysOperatingInItsDisabledWait() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.io(DISABLED_WAIT_12345);
            assertThat(h.s390.cpuState(0)).isEqualTo(CpuState.OPERATING);
            assertThat(h.s390.psw(0)).isEqualTo(new Psw(0x0002000180000000L, 0x12345));
        }
    }

    @Test
    void crashInformationIsAbsentBeforeAnyPanic() {
        try (S390Harness h = S390Harness.running()) {
            assertThat(h.s390.crashInformation(0)).isNull();
        }
    }

    @Test
    void crashInformationAfterThePanicIsTheReportedInformation() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.io(DISABLED_WAIT_12345);
            assertThat(h.s390.crashInformation(0)).isEqualTo(INFO_12345);
        }
    }

    @Test
    void theWaitPswIsReportedAsLoadedConditionCodeIncluded() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.io("s390_psw 0 0x0002300000000000 0x1000");
            assertThat(h.takeEvents()).first().isEqualTo(new GuestPanickedEvent(GuestPanicAction.PAUSE,
                    new GuestPanicInformationS390(0, 0x0002300000000000L, 0x1000, S390CrashReason.DISABLED_WAIT)));
        }
    }
}
