package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lock register 0x68: lock, enable, free-run (devices.md §1.3, golden wdt-lock-bit). */
class LockRegisterTest {
    private static final long STAGE_10 = 10 * 983_040L;

    @Test
    void enableEdgeStartsStageOne() {
        try (EsbHarness h = EsbHarness.stepped().withBarMapped()) {
            h.setPreloads(10, 20);
            long t0 = h.now();
            h.writeLock(0x02);
            assertThat(h.device.deadlineNs()).isEqualTo(t0 + STAGE_10);
        }
    }

    @Test
    void writingEnableAgainDoesNotRestart() {
        try (EsbHarness h = EsbHarness.stepped().withBarMapped()) {
            h.arm(10, 20);
            long deadline = h.device.deadlineNs();
            h.step(1_000);
            h.writeLock(0x02);
            assertThat(h.device.deadlineNs()).isEqualTo(deadline);
        }
    }

    @Test
    void disablingStopsTheCountdown() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(10, 20);
            h.writeLock(0x00);
            assertThat(h.device.deadlineNs()).isEqualTo(-1);
            h.assertSilentFor(1_000_000_000L);
        }
    }

    @Test
    void lockIgnoresEveryLaterWriteUntilReset() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.setPreloads(10, 10);
            h.writeLock(0x03);
            assertThat(h.lockRegister()).isEqualTo(0x03);
            h.writeLock(0x00);
            h.writeLock(0x04);
            assertThat(h.lockRegister()).isEqualTo(0x03);
            assertThat(h.device.deadlineNs()).isPositive();
        }
    }

    @Test
    void lockedWatchdogStillExpiresAndTheExpiryClearsTheLock() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.setPreloads(10, 10);
            h.writeLock(0x03);
            h.writeLock(0x00);
            h.step(2 * STAGE_10);
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
            assertThat(h.lockRegister()).isZero();
        }
    }

    @Test
    void systemResetClearsTheLock() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.writeLock(0x01);
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.lockRegister()).isZero();
            h.writeLock(0x04);
            assertThat(h.lockRegister()).isEqualTo(0x04);
        }
    }

    @Test
    void lockWithoutEnableStillLocksOutTheEnable() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.writeLock(0x01);
            h.writeLock(0x02);
            assertThat(h.lockRegister()).isEqualTo(0x01);
            assertThat(h.device.deadlineNs()).isEqualTo(-1);
        }
    }
}
