package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;
import org.runstate.testkit.RecordedEvent;

/**
 * The countdown follows virtual time, which stops while the VM is paused; system and guest
 * resets reset the device (disabled, BAR unmapped as by QEMU's generic PCI reset), golden
 * wdt-system-reset-disables.
 */
class PauseAndResetTest {
    private static final long EXPIRY = 2 * 509 * 983_040L;

    @Test
    void steppedTimeDoesNotFireTheWatchdogWhileStopped() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(509, 509);
            h.qmp(() -> h.machine.commands().stop());
            h.step(10 * EXPIRY);
            assertThat(h.eventNames()).containsExactly("STOP");
            h.qmp(() -> h.machine.commands().cont());
            h.step(0); // the overdue stage 1 runs now and starts stage 2 from now, as in QEMU
            assertThat(h.eventNames()).containsExactly("STOP", "RESUME");
            assertThat(h.device.deadlineNs()).isEqualTo(h.now() + EXPIRY / 2);
            h.step(EXPIRY / 2);
            assertThat(h.eventNames()).containsExactly("STOP", "RESUME", "WATCHDOG");
        }
    }

    @Test
    void pausedVmFreezesTheCountdownOnTheHostDrivenClock() {
        long perStage = 150_000_000L / 960; // 1 MHz scale: 150 ms per stage
        long total = 2 * perStage * 960;
        try (EsbHarness h = EsbHarness.hostDriven("none")) {
            h.mapBar();
            h.cfgWrite(0x60, 2, 0x0004);
            h.setPreloads((int) perStage, (int) perStage);
            long[] armed = h.machine.submit(() -> {
                long[] before = {h.machine.virtualClock().nowNs(), System.nanoTime()};
                h.machine.runAsVcpu(0, () -> {
                    h.platform.io().write(0xcf8, 4, 0x80000000L | EsbHarness.DEVFN << 8 | 0x68);
                    h.platform.io().write(0xcfc, 1, 0x02);
                });
                h.machine.commands().stop(); // in the same control-thread task: no time passes unpaused
                return before;
            }).join();
            long frozenAt = h.now();
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(10))
                    .until(() -> !h.eventNames().contains("WATCHDOG") && h.now() == frozenAt);
            h.qmp(() -> h.machine.commands().cont());
            await().atMost(Duration.ofSeconds(5)).until(() -> h.eventNames().contains("WATCHDOG"));
            RecordedEvent fired = h.seen().stream().filter(s -> s.event().eventName().equals("WATCHDOG"))
                    .findFirst().orElseThrow();
            assertThat(fired.virtualNs() - armed[0]).isGreaterThanOrEqualTo(total);
            assertThat(fired.hostNanos() - armed[1]).isGreaterThanOrEqualTo(total + 600_000_000L);
        }
    }

    @Test
    void systemResetDisablesTheWatchdogAndUnmapsTheBar() {
        try (EsbHarness h = EsbHarness.stepped("pause").withBarMapped()) {
            h.arm(509, 509);
            h.qmp(() -> h.machine.commands().systemReset());
            h.step(10 * EXPIRY);
            assertThat(h.eventNames()).containsExactly("RESET");
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.lockRegister()).isZero();
            assertThat(h.cfgRead(0x04, 2)).isZero();
            assertThat(h.cfgRead(0x10, 4)).isZero();
            assertThat(h.readMem(EsbHarness.BAR + 0x0c, 2)).isZero();
        }
    }

    @Test
    void systemResetRestoresTheDefaultPreloadsAndScale() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.cfgWrite(0x60, 2, 0x0004);
            h.setPreloads(1, 1);
            h.qmp(() -> h.machine.commands().systemReset());
            h.writeLock(0x02);
            assertThat(h.device.deadlineNs()).isEqualTo(h.now() + 0xFFFFFL * 983_040L);
        }
    }

    @Test
    void guestResetThroughCf9ResetsTheDeviceToo() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            h.arm(509, 509);
            h.out(0xcf9, 1, 0x06);
            assertThat(h.eventNames()).containsExactly("RESET");
            assertThat(h.device.deadlineNs()).isEqualTo(-1);
            h.step(10 * EXPIRY);
            assertThat(h.eventNames()).containsExactly("RESET");
        }
    }
}
