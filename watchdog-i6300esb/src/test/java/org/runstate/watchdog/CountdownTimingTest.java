package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;

/**
 * The two-stage countdown on virtual time with QEMU 7.2's formula: preload × 983,040 ns at the
 * "1 kHz" scale, × 960 ns at "1 MHz" (devices.md §1.5, §1.6). Expiries land exactly on their
 * programmed virtual nanosecond.
 */
class CountdownTimingTest {
    @Test
    void formulaMatchesQemusTable() {
        assertThat(EsbCountdown.timeoutNs(0, false)).isZero();
        assertThat(EsbCountdown.timeoutNs(1, false)).isEqualTo(983_040L);
        assertThat(EsbCountdown.timeoutNs(1, true)).isEqualTo(960L);
        assertThat(EsbCountdown.timeoutNs(0x200, false)).isEqualTo(503_316_480L);
        assertThat(EsbCountdown.timeoutNs(0x200, true)).isEqualTo(491_520L);
        assertThat(EsbCountdown.timeoutNs(0x3C00, false)).isEqualTo(15_099_494_400L);
        assertThat(EsbCountdown.timeoutNs(0x3C00, true)).isEqualTo(14_745_600L);
        assertThat(EsbCountdown.timeoutNs(0xFFFFF, false)).isEqualTo(1_030_791_168_000L);
        assertThat(EsbCountdown.timeoutNs(0xFFFFF, true)).isEqualTo(1_006_632_000L);
    }

    /** Arms with the given scale and preloads; returns the programmed stage-2 expiry. */
    private static long armAt(final EsbHarness h, final boolean mhz, final int t1, final int t2) {
        h.mapBar();
        h.cfgWrite(0x60, 2, mhz ? 0x0004 : 0x0000);
        h.arm(t1, t2);
        return h.now() + EsbCountdown.timeoutNs(t1, mhz) + EsbCountdown.timeoutNs(t2, mhz);
    }

    @Test
    void stage2ExpiresExactlyAtItsVirtualNanosecondAt1kHz() {
        try (EsbHarness h = EsbHarness.stepped("none")) {
            long expiry = armAt(h, false, 509, 509);
            h.stepTo(expiry - 1);
            assertThat(h.events()).isEmpty();
            h.step(1);
            assertThat(h.seen()).singleElement().satisfies(s -> {
                assertThat(s.event()).isEqualTo(new WatchdogEvent(WatchdogAction.NONE));
                assertThat(s.virtualNs()).isEqualTo(expiry);
            });
        }
    }

    @Test
    void stage2ExpiresExactlyAtItsVirtualNanosecondAt1MHz() {
        try (EsbHarness h = EsbHarness.stepped("none")) {
            long expiry = armAt(h, true, 0xFFFFF, 0xFFFFF);
            assertThat(expiry - h.now()).isEqualTo(2_013_264_000L); // the live 2.013 s
            h.stepTo(expiry - 1);
            assertThat(h.events()).isEmpty();
            h.step(1);
            assertThat(h.seen()).singleElement().satisfies(s -> assertThat(s.virtualNs()).isEqualTo(expiry));
        }
    }

    @Test
    void stage1ExpiresExactlyAndStartsStage2WithTheSecondPreload() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(3, 7);
            long t0 = h.now();
            h.stepTo(t0 + 3 * 983_040L - 1);
            assertThat(h.device.deadlineNs()).isEqualTo(t0 + 3 * 983_040L);
            h.step(1);
            assertThat(h.device.deadlineNs()).isEqualTo(t0 + 10 * 983_040L);
            assertThat(h.events()).isEmpty();
        }
    }

    @Test
    void stage1RaisesNothingButQemusStderrLineForIntTypeIrq() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(1, 100);
            h.step(983_040L);
            assertThat(h.deviceStderr).containsExactly(EsbCountdown.STAGE1_IRQ_LINE);
            assertThat(h.events()).isEmpty();
        }
    }

    @Test
    void stage1IsSilentWithLinuxsIntType() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.cfgWrite(0x60, 2, 0x0003); // int_type becomes 1 through the 0x11 mask
            h.arm(1, 100);
            h.step(983_040L);
            assertThat(h.deviceStderr).isEmpty();
        }
    }

    @Test
    void zeroPreloadsExpireAtTheNextTimerRun() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(0, 0);
            long t0 = h.now();
            h.step(0);
            assertThat(h.seen()).singleElement().satisfies(s -> assertThat(s.virtualNs()).isEqualTo(t0));
        }
    }

    @Test
    void firesOnceThenStaysDisabled() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(1, 1);
            h.step(60_000_000_000L);
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
            assertThat(h.lockRegister()).isZero();
            assertThat(h.cfgRead(0x60, 2)).isZero();
            assertThat(h.device.deadlineNs()).isEqualTo(-1);
        }
    }

    @Test
    void expiryResetKeepsTheBarMapped() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(1, 1);
            h.step(2 * 983_040L);
            assertThat(h.cfgRead(0x04, 2)).isEqualTo(0x2L);
            assertThat(h.cfgRead(0x10, 4)).isEqualTo(EsbHarness.BAR);
            assertThat(h.readMem(EsbHarness.BAR + 0x0c, 2)).isEqualTo(0x1200L);
        }
    }

    @Test
    void rebootDisabledStage2DoesNothingAndStaysEnabled() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.cfgWrite(0x60, 2, 0x0020);
            h.arm(1, 1);
            h.assertSilentFor(10 * 983_040L);
            assertThat(h.device.rebootedByWatchdog()).isFalse();
            assertThat(h.lockRegister()).isEqualTo(0x02);
            assertThat(h.device.deadlineNs()).isEqualTo(-1);
            h.ping(); // the next keep-alive starts stage 1 again
            assertThat(h.device.deadlineNs()).isEqualTo(h.now() + 983_040L);
        }
    }

    @Test
    void freeRunWithRebootDisabledLoopsWithoutAction() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.cfgWrite(0x60, 2, 0x0024); // reboot disabled, 1 MHz
            h.setPreloads(0xFFFFF, 0xFFFFF);
            h.writeLock(0x06);
            long t0 = h.now();
            h.assertSilentFor(3 * 2_013_264_000L);
            assertThat(h.deviceStderr).hasSize(3); // one stage-1 line per cycle (int_type 0)
            assertThat(h.device.deadlineNs()).isEqualTo(t0 + 3 * 2_013_264_000L + 1_006_632_000L);
        }
    }

    @Test
    void freeRunWithRebootEnabledStillFiresOnce() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.setPreloads(1, 1);
            h.writeLock(0x06);
            h.step(100 * 983_040L);
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
            assertThat(h.lockRegister()).isZero(); // the reset cleared free_run before its check
        }
    }
}
