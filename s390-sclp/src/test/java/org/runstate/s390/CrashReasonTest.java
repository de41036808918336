package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.runstate.core.Termination;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/** The crash reasons an engine reports as KVM does for QEMU (unmanageable_intercept, handle_oper_loop). */
class CrashReasonTest {
    private static final long MASK = 0x0704000180000000L;
    private static final long ADDR = 0x20018;

    @ParameterizedTest
    @EnumSource(value = S390CrashReason.class, names = {"EXTINT_LOOP", "PGMINT_LOOP", "OPINT_LOOP"})
    void aReportedLoopPanicsWithItsReason(final S390CrashReason reason) {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.qmp(() -> h.s390.reportCrash(0, reason, MASK, ADDR));
            assertThat(h.takeEvents()).containsExactly(new GuestPanickedEvent(GuestPanicAction.PAUSE,
                    new GuestPanicInformationS390(0, MASK, ADDR, reason)), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
        }
    }

    @Test
    void aReportedLoopIsKeptAsCrashInformation() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.qmp(() -> h.s390.reportCrash(0, S390CrashReason.PGMINT_LOOP, MASK, ADDR));
            assertThat(h.s390.crashInformation(0))
                    .isEqualTo(new GuestPanicInformationS390(0, MASK, ADDR, S390CrashReason.PGMINT_LOOP));
            assertThat(h.s390.isHalted(0)).isTrue();
        }
    }

    @Test
    void aReportedLoopPanicsEvenWhileAnotherCpuRuns() {
        try (S390Harness h = S390Harness.running(2, S390Harness.action("panic=pause"))) {
            h.io("s390_start 1");
            h.qmp(() -> h.s390.reportCrash(1, S390CrashReason.EXTINT_LOOP, MASK, ADDR));
            assertThat(h.takeEvents()).containsExactly(new GuestPanickedEvent(GuestPanicAction.PAUSE,
                    new GuestPanicInformationS390(1, MASK, ADDR, S390CrashReason.EXTINT_LOOP)), StopEvent.INSTANCE);
        }
    }

    @Test
    void aReportedLoopTakesTheDefaultPanicPath() {
        try (S390Harness h = S390Harness.running()) {
            h.qmp(() -> h.s390.reportCrash(0, S390CrashReason.OPINT_LOOP, MASK, ADDR));
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, false));
            assertThat(h.takeEvents()).containsExactly(new GuestPanickedEvent(GuestPanicAction.POWEROFF,
                    new GuestPanicInformationS390(0, MASK, ADDR, S390CrashReason.OPINT_LOOP)),
                    new ShutdownEvent(true, ShutdownCause.GUEST_PANIC));
        }
    }

    @Test
    void aResetClearsAReportedLoop() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.qmp(() -> h.s390.reportCrash(0, S390CrashReason.EXTINT_LOOP, MASK, ADDR));
            h.systemReset();
            assertThat(h.s390.crashInformation(0)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = S390CrashReason.class, names = {"DISABLED_WAIT", "UNKNOWN"})
    void otherReasonsAreNotReportedThisWay(final S390CrashReason reason) {
        try (S390Harness h = S390Harness.running()) {
            assertThatThrownBy(() -> h.s390.reportCrash(0, reason, MASK, ADDR))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(h.takeEvents()).isEmpty();
        }
    }
}
