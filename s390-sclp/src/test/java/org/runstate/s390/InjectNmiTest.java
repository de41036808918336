package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.StopEvent;

/** inject-nmi on s390: a restart interruption of CPU 0 (s390-inject-nmi-restart, reference section 10). */
class InjectNmiTest {
    private static final GuestPanicInformationS390 INFO_2E5 =
            new GuestPanicInformationS390(0, 0x0002000180000000L, 0x2e5, S390CrashReason.DISABLED_WAIT);

    private static void restartNewPswIsADisabledWaitAt2e5(final S390Harness h) {
        h.write(0x1a0, 8, 0x0002000180000000L);
        h.write(0x1a8, 8, 0x2e5);
    }

    /** The s390-inject-nmi-restart scenario: RAM is zero, so the restart new PSW is 0/0 (no wait). */
    @Test
    void theRestartTakesCpuZeroOutOfItsEnabledWait() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            h.injectNmi();
            assertThat(h.takeEvents()).isEmpty();
            assertThat(h.s390.isHalted(0)).isFalse();
            assertThat(h.s390.psw(0)).isEqualTo(Psw.ZERO);
            h.io("s390_psw 0 0x0002000180000000 0x2e5");
            h.expectPausedByPanic(INFO_2E5);
        }
    }

    @Test
    void theRestartOldPswIsTheInterruptedWaitPsw() {
        try (S390Harness h = S390Harness.running()) {
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            h.injectNmi();
            assertThat(h.read(0x120, 8)).isEqualTo(0x0102000180000000L);
            assertThat(h.read(0x128, 8)).isEqualTo(0x12340);
        }
    }

    @Test
    void aDisabledWaitRestartNewPswPanicsLikeTheGuestInTheTranscript() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            restartNewPswIsADisabledWaitAt2e5(h);
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            h.injectNmi();
            assertThat(h.takeEvents()).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, INFO_2E5), StopEvent.INSTANCE);
        }
    }

    @Test
    void theRestartIsTakenEvenFromADisabledWait() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=none"))) {
            h.io(DisabledWaitPanicTest.DISABLED_WAIT_12345);
            h.takeEvents();
            h.injectNmi();
            assertThat(h.s390.isHalted(0)).isFalse();
            assertThat(h.read(0x128, 8)).isEqualTo(0x12345);
        }
    }

    /** QEMU's crash-information reads the CPU's PSW when asked, not when it crashed. */
    @Test
    void crashInformationShowsThePswLoadedAfterTheCrash() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=none"))) {
            h.io(DisabledWaitPanicTest.DISABLED_WAIT_12345);
            h.injectNmi();
            assertThat(h.s390.crashInformation(0))
                    .isEqualTo(new GuestPanicInformationS390(0, 0, 0, S390CrashReason.DISABLED_WAIT));
        }
    }

    @Test
    void whileTheVmIsStoppedTheRestartWaitsForCont() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            h.qmp(() -> h.machine.commands().stop());
            restartNewPswIsADisabledWaitAt2e5(h);
            h.injectNmi();
            assertThat(h.takeEventNames()).containsExactly("STOP");
            assertThat(h.s390.psw(0)).isEqualTo(new Psw(0x0102000180000000L, 0x12340));
            h.cont();
            assertThat(h.takeEventsThrough("STOP")).containsExactly(ResumeEvent.INSTANCE,
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, INFO_2E5), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
        }
    }

    @Test
    void aResetDropsAPendingRestart() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.qmp(() -> h.machine.commands().stop());
            restartNewPswIsADisabledWaitAt2e5(h);
            h.injectNmi();
            h.systemReset();
            h.cont();
            h.takeEvents();
            h.qmp(() -> { }); // the control loop has run everything queued by cont
            assertThat(h.takeEvents()).isEmpty();
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void sigpRestartOfAStoppedCpuMakesItOperating() {
        try (S390Harness h = S390Harness.running(2, a -> { })) {
            assertThat(h.io("s390_start 1")).isEqualTo("OK");
            assertThat(h.s390.cpuState(1)).isEqualTo(CpuState.OPERATING);
            assertThat(h.s390.isHalted(1)).isFalse();
        }
    }
}
