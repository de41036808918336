package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * Guest resets with DIAGNOSE 0x308 (scenarios s390-diag308-reipl and
 * s390-diag308-load-normal-no-reboot, reference/s390.md section 11).
 */
class Diag308Test {
    private static final GuestPanicInformationS390 INFO_12302 =
            new GuestPanicInformationS390(0, 0x0002000180000000L, 0x12302, S390CrashReason.DISABLED_WAIT);

    @Test
    void loadClearResetsWithAGuestResetEventAndKeepsRunning() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            assertThat(h.io("s390_diag308 0 3")).isEqualTo("OK");
            assertThat(h.takeEvents()).containsExactly(new ResetEvent(true, ShutdownCause.GUEST_RESET));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.s390.cpuState(0)).isEqualTo(CpuState.OPERATING);
            assertThat(h.s390.psw(0)).isEqualTo(new Psw(Psw.IPL_MASK, 0));
        }
    }

    /** The s390-diag308-reipl scenario: the boot counter at 0x3000 survives, the re-IPLed guest panics. */
    @Test
    void loadClearKeepsRamAndTheRebootedGuestCanPanic() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.write(0x3000, 4, 1);
            h.io("s390_diag308 0 3");
            assertThat(h.read(0x3000, 4)).isEqualTo(1);
            h.write(0x3000, 4, 2);
            h.io("s390_psw 0 0x0002000180000000 0x12302");
            assertThat(h.takeEvents()).containsExactly(new ResetEvent(true, ShutdownCause.GUEST_RESET),
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, INFO_12302), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
            assertThat(h.read(0x3000, 4)).isEqualTo(2);
        }
    }

    @Test
    void loadClearWithNoRebootShutsDownAndExitsZero() {
        try (S390Harness h = S390Harness.running(a -> a.noReboot())) {
            assertThat(h.io("s390_diag308 0 3")).isEqualTo("OK");
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.takeEvents()).containsExactly(new ShutdownEvent(true, ShutdownCause.GUEST_RESET));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aSubsystemResetIsSilentAndIgnoresNoReboot(final int subcode) {
        try (S390Harness h = S390Harness.running(a -> a.action("panic=pause").noReboot())) {
            h.write(0x3000, 4, 1);
            assertThat(h.io("s390_diag308 0 " + subcode)).isEqualTo("OK");
            assertThat(h.takeEvents()).isEmpty();
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.read(0x3000, 4)).isEqualTo(1);
        }
    }

    /** The s390-diag308-load-normal-no-reboot scenario. */
    @Test
    void afterALoadNormalResetTheGuestRunsOnAndCanPanic() {
        try (S390Harness h = S390Harness.running(a -> a.action("panic=pause").noReboot())) {
            h.write(0x3000, 4, 1);
            h.io("s390_diag308 0 1");
            h.write(0x3000, 4, 2);
            h.io("s390_psw 0 0x0002000180000000 0x12302");
            assertThat(h.takeEvents()).containsExactly(
                    new GuestPanickedEvent(GuestPanicAction.PAUSE, INFO_12302), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
            h.quit();
            assertThat(h.awaitTermination().exitStatus()).isZero();
        }
    }

    @Test
    void aSubsystemResetRestartsTheCallerFromTheShortPswAtZero() {
        try (S390Harness h = S390Harness.running(2, a -> { })) {
            h.write(0, 8, 0x000C000080012000L); // short PSW: EA/BA bits with the short-PSW bit, address 0x12000
            h.io("s390_start 1");
            h.io("s390_diag308 1 1");
            assertThat(h.s390.cpuState(1)).isEqualTo(CpuState.OPERATING);
            assertThat(h.s390.psw(1)).isEqualTo(new Psw(0x0004000080000000L, 0x12000));
            assertThat(h.s390.cpuState(0)).isEqualTo(CpuState.STOPPED);
        }
    }

    @Test
    void aReIplRestartsCpuZeroAndStopsTheOthers() {
        try (S390Harness h = S390Harness.running(2, a -> { })) {
            h.io("s390_start 1");
            h.io("s390_diag308 1 3");
            assertThat(h.s390.cpuState(0)).isEqualTo(CpuState.OPERATING);
            assertThat(h.s390.cpuState(1)).isEqualTo(CpuState.STOPPED);
        }
    }

    @Test
    void aSubsystemResetClearsTheSclpRegistration() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h);
            h.io("s390_irq 0");
            h.io("s390_diag308 0 0");
            assertThat(h.s390.sclpReceiveMask()).isZero();
            h.systemPowerdown();
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x0000 0x00000000");
        }
    }

    @Test
    void aSubsystemResetClearsCrashInformation() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=none"))) {
            h.io("s390_psw 0 0x0002000180000000 0x12302");
            assertThat(h.s390.crashInformation(0)).isEqualTo(INFO_12302);
            h.io("s390_diag308 0 1");
            assertThat(h.s390.crashInformation(0)).isNull();
        }
    }

    @Test
    void setAndStoreNeedAnIplBlockTheModelDoesNotHave() {
        try (S390Harness h = S390Harness.running()) {
            assertThat(h.io("s390_diag308 0 5")).startsWith("ERR ");
            assertThat(h.io("s390_diag308 0 6")).startsWith("ERR ");
            assertThat(h.takeEvents()).isEmpty();
        }
    }
}
