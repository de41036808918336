package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * Who counts as running and what the last wait decides (QEMU's s390_handle_wait): enabled waits,
 * the 0xfff quiesce address, stopped and started CPUs under -smp 2.
 */
class WaitRuleTest {
    private static final String PANIC_PAUSE = "panic=pause";
    /** What CPU 1 reports after {@link #cpu0ThenCpu1EnterADisabledWait}. */
    private static final GuestPanicInformationS390 CPU1_DISABLED_WAIT =
            new GuestPanicInformationS390(1, 0x0002000180000000L, 0x23456, S390CrashReason.DISABLED_WAIT);

    /** Starts CPU 1, then CPU 0 and after it CPU 1 load a disabled-wait PSW. */
    private static void cpu0ThenCpu1EnterADisabledWait(final S390Harness h) {
        h.io("s390_start 1");
        h.io(DisabledWaitPanicTest.DISABLED_WAIT_12345);
        h.io("s390_psw 1 0x0002000180000000 0x23456");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x0102000180000000", "0x0202000180000000", "0x0006000180000000"})
    void anEnabledWaitDoesNothing(final String mask) {
        try (S390Harness h = S390Harness.running(S390Harness.action(PANIC_PAUSE))) {
            assertThat(h.io("s390_psw 0 " + mask + " 0x12340")).isEqualTo("OK");
            assertThat(h.takeEvents()).isEmpty();
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.s390.isHalted(0)).isTrue();
            assertThat(h.s390.cpuState(0)).isEqualTo(CpuState.OPERATING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0xfff", "0x1fff", "0x12fff"})
    void aDisabledWaitAtAnAddressEndingInFffShutsDownAndExitsZero(final String addr) {
        try (S390Harness h = S390Harness.running()) {
            h.io("s390_psw 0 0x0002000180000000 " + addr);
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.takeEvents()).containsExactly(new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN));
        }
    }

    @Test
    void theQuiesceWaitIgnoresThePanicAction() {
        try (S390Harness h = S390Harness.running(S390Harness.action(PANIC_PAUSE))) {
            h.io("s390_psw 0 0x0002000180000000 0xfff");
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.takeEvents()).containsExactly(new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN));
            assertThat(h.s390.crashInformation(0)).isNull();
        }
    }

    @Test
    void theQuiesceWaitWithNoShutdownStopsInShutdownAndNeedsAReset() {
        try (S390Harness h = S390Harness.running(a -> a.noShutdown())) {
            h.io("s390_psw 0 0x0002000180000000 0xfff");
            assertThat(h.takeEvents()).containsExactly(
                    new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.SHUTDOWN);
            assertThat(h.qmpError(() -> h.machine.commands().cont()))
                    .isEqualTo("Resetting the Virtual Machine is required");
        }
    }

    @Test
    void afterTheQuiesceWaitResetAndContRunTheGuestAgain() {
        try (S390Harness h = S390Harness.running(a -> a.noShutdown())) {
            h.io("s390_psw 0 0x0002000180000000 0xfff");
            h.takeEvents();
            h.systemReset();
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
            h.cont();
            h.io("s390_psw 0 0x0002000180000000 0xfff");
            assertThat(h.takeEvents()).containsExactly(new ResetEvent(false, ShutdownCause.HOST_QMP_SYSTEM_RESET),
                    ResumeEvent.INSTANCE, new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.SHUTDOWN);
        }
    }

    @Test
    void aStoppedSecondCpuDoesNotCount() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action(PANIC_PAUSE))) {
            assertThat(h.s390.cpuState(1)).isEqualTo(CpuState.STOPPED);
            h.io(DisabledWaitPanicTest.DISABLED_WAIT_12345);
            assertThat(h.takeEvents()).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, DisabledWaitPanicTest.INFO_12345), StopEvent.INSTANCE);
        }
    }

    @Test
    void aRunningSecondCpuKeepsTheFirstCpusDisabledWaitSilent() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action(PANIC_PAUSE))) {
            assertThat(h.io("s390_start 1")).isEqualTo("OK");
            h.io(DisabledWaitPanicTest.DISABLED_WAIT_12345);
            assertThat(h.takeEvents()).isEmpty();
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.s390.cpuState(1)).isEqualTo(CpuState.OPERATING);
        }
    }

    @Test
    void aSecondCpuInAnEnabledWaitStillCounts() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action(PANIC_PAUSE))) {
            h.io("s390_start 1");
            h.io("s390_psw 1 0x0102000180000000 0x12340");
            h.io(DisabledWaitPanicTest.DISABLED_WAIT_12345);
            assertThat(h.takeEvents()).isEmpty();
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void theLastCpuToEnterADisabledWaitIsTheOneReported() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action(PANIC_PAUSE))) {
            cpu0ThenCpu1EnterADisabledWait(h);
            h.expectPausedByPanic(CPU1_DISABLED_WAIT);
        }
    }

    @Test
    void onlyTheReportingCpuHasCrashInformation() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action(PANIC_PAUSE))) {
            cpu0ThenCpu1EnterADisabledWait(h);
            assertThat(h.s390.crashInformation(0)).isNull();
            assertThat(h.s390.crashInformation(1)).isEqualTo(CPU1_DISABLED_WAIT);
        }
    }

    @Test
    void aPswWithoutTheWaitBitEndsTheWait() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action(PANIC_PAUSE))) {
            h.io("s390_start 1");
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            h.io("s390_psw 0 0x0000000180000000 0x20060"); // CPU 0 took an interruption
            h.io("s390_psw 1 0x0002000180000000 0x23456");
            assertThat(h.s390.isHalted(0)).isFalse();
            assertThat(h.takeEvents()).isEmpty();
        }
    }

    @Test
    void aStoppedCpuCannotLoadAPsw() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action(PANIC_PAUSE))) {
            assertThat(h.io("s390_psw 1 0x0002000180000000 0x23456")).startsWith("ERR ");
            assertThat(h.takeEvents()).isEmpty();
        }
    }

    @Test
    void theEmbedderApiLoadsPswsLikeTheQtestCommand() {
        try (S390Harness h = S390Harness.running(S390Harness.action(PANIC_PAUSE))) {
            h.qmp(() -> h.s390.loadPsw(0, 0x0002000180000000L, 0x12345));
            assertThat(h.takeEvents()).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, DisabledWaitPanicTest.INFO_12345), StopEvent.INSTANCE);
        }
    }

    @Test
    void aPswLoadFromAnEngineThreadIsHandledByTheControlThread() {
        try (S390Harness h = S390Harness.running(S390Harness.action(PANIC_PAUSE))) {
            h.s390.loadPsw(0, 0x0002000180000000L, 0x12345); // the test thread plays the engine
            assertThat(h.takeEventsThrough("STOP")).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, DisabledWaitPanicTest.INFO_12345), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
        }
    }
}
