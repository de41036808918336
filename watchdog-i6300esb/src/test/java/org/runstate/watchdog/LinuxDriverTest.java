package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;

/**
 * The device driven exactly as Linux's i6300esb driver drives it: a watchdog that is petted
 * never fires; an abandoned one fires once, one heartbeat after the last ping.
 */
class LinuxDriverTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void probeLeavesTheWatchdogStoppedWithLinuxsConfig() {
        try (EsbHarness h = EsbHarness.stepped("none")) {
            LinuxEsbDriver drv = LinuxEsbDriver.probed(h, 30);
            assertThat(drv.bootstatus).isZero();
            assertThat(h.cfgRead(0x60, 2)).isEqualTo(0x0001L); // 0x0003 through QEMU's 0x11 mask
            assertThat(h.device.deadlineNs()).isEqualTo(-1);
            h.assertSilentFor(120 * SECOND);
        }
    }

    @Test
    void pettedWatchdogNeverFires() {
        try (EsbHarness h = EsbHarness.stepped("none")) {
            LinuxEsbDriver drv = LinuxEsbDriver.started(h, 30);
            drv.pingEverySecondFor(600); // ten minutes, pinged every second (heartbeat ~30.2 s)
            drv.setTimeout(2); // WDIOC_SETTIMEOUT while running, then keep-alive as the core does
            drv.ping();
            drv.pingEverySecondFor(100);
            assertThat(h.events()).isEmpty();
            assertThat(drv.stop()).isZero();
            h.assertSilentFor(3600 * SECOND);
        }
    }

    @Test
    void abandonedWatchdogFiresOnceAtTheHeartbeatAfterTheLastPing() {
        try (EsbHarness h = EsbHarness.stepped("none")) {
            LinuxEsbDriver drv = LinuxEsbDriver.started(h, 5);
            drv.pingEverySecondFor(10);
            long lastPing = h.now();
            h.step(3600 * SECOND);
            assertThat(h.seen()).singleElement().satisfies(s -> {
                assertThat(s.event().eventName()).isEqualTo("WATCHDOG");
                assertThat(s.virtualNs()).isEqualTo(lastPing + drv.heartbeatNs());
            });
            assertThat(drv.heartbeatNs()).isEqualTo(5_033_164_800L); // 5 s asked, 5.033 s given
        }
    }

    @Test
    void nowayoutCannotBeStopped() {
        try (EsbHarness h = EsbHarness.stepped("none")) {
            LinuxEsbDriver drv = LinuxEsbDriver.startedNowayout(h, 1);
            assertThat(drv.stop()).isNotZero();
            h.step(10 * SECOND);
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
        }
    }

    @Test
    void rebootedGuestSeesCardResetOnceAndClearsIt() {
        try (EsbHarness h = EsbHarness.stepped()) {
            LinuxEsbDriver drv = LinuxEsbDriver.started(h, 1);
            h.step(3 * SECOND);
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "RESET");
            assertThat(h.state()).isEqualTo(RunState.RUNNING);

            LinuxEsbDriver afterReboot = LinuxEsbDriver.probed(h, 30);
            assertThat(afterReboot.bootstatus).isEqualTo(LinuxEsbDriver.WDIOF_CARDRESET);
            LinuxEsbDriver nextBoot = LinuxEsbDriver.probed(h, 30);
            assertThat(nextBoot.bootstatus).isZero();
        }
    }
}
