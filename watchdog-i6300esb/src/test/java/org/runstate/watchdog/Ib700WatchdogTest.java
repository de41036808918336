package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.pc.PcPlatform;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;

/**
 * The ib700 (hw/watchdog/wdt_ib700.c in QEMU 7.2): ports 0x441-0x444, the timeout table, ping,
 * stop, the shared watchdog actions, reset, and port accesses wider than a byte as a guest's OUT
 * reaches the device under TCG (scenario {@code ib700-wide-writes}).
 */
class Ib700WatchdogTest {
    private static final long SECOND = 1_000_000_000L;

    private static void outb(final EsbHarness h, final int port, final int value) {
        h.out(port, 1, value);
    }

    @Test
    void everyPortReadsAsAllOnesAtEveryWidth() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            for (int port = 0x441; port <= 0x444; port++) {
                assertThat(h.in(port, 1)).as("inb 0x%x", port).isEqualTo(0xffL);
                assertThat(h.in(port, 2)).as("inw 0x%x", port).isEqualTo(0xffffL);
                assertThat(h.in(port, 4)).as("inl 0x%x", port).isEqualTo(0xffffffffL);
            }
        }
    }

    @Test
    void theLowFourBitsSelectTheTimeoutFrom30sDownTo2sAnd15IsZero() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            for (int value = 0; value < 15; value++) {
                outb(h, 0x443, 0xa0 | value); // the high nibble does not count
                assertThat(h.ib700.deadlineNs() - h.now()).as("value %d", value).isEqualTo((30 - 2 * value) * SECOND);
                outb(h, 0x441, 0);
            }
            assertThat(Ib700Watchdog.timeoutNs(15)).isZero();
            assertThat(Ib700Watchdog.timeoutNs(0x1e)).isEqualTo(2 * SECOND);
        }
    }

    @Test
    void eitherPortOfTheStartRegisterStartsAndEitherPortOfTheStopRegisterStops() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            outb(h, 0x444, 14);
            assertThat(h.ib700.deadlineNs()).isEqualTo(h.now() + 2 * SECOND);
            outb(h, 0x442, 0xff);
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);
            outb(h, 0x443, 14);
            outb(h, 0x441, 0x00); // any value stops
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);
            h.assertSilentFor(60 * SECOND);
        }
    }

    @Test
    void writingTheStartRegisterAgainPingsFromNow() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            outb(h, 0x443, 14);
            h.step(SECOND + SECOND / 2);
            outb(h, 0x443, 14);
            h.assertSilentFor(SECOND); // 2.5 s after the first write
            h.step(SECOND);
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
        }
    }

    @Test
    void theExpiryRunsTheActionOnceAndLeavesTheCountdownStopped() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            long t0 = h.now();
            outb(h, 0x443, 14);
            h.step(100 * SECOND);
            assertThat(h.seen()).singleElement().satisfies(s -> {
                assertThat(s.event()).isEqualTo(new WatchdogEvent(WatchdogAction.NONE));
                assertThat(s.virtualNs()).isEqualTo(t0 + 2 * SECOND);
            });
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);
        }
    }

    @Test
    void aZeroTimeoutExpiresAtTheLoopsNextTimerRunWithoutAnyStep() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            long t0 = h.now();
            outb(h, 0x443, 0xff);
            h.awaitEventCount(1, Duration.ofSeconds(10));
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
            assertThat(h.now()).isEqualTo(t0);
        }
    }

    /** QEMU's own tests/qtest/wdt_ib700-test.c, ib700_program_and_wait, step for step. */
    @Test
    void qemusQtestProgramAndWait() {
        try (EsbHarness h = EsbHarness.ib700("pause")) {
            h.step(40 * SECOND);
            outb(h, 0x443, 14); // 2 second limit
            h.step(SECOND);
            outb(h, 0x443, 14); // ping
            h.step(SECOND);
            outb(h, 0x441, 1); // disable
            h.assertSilentFor(3 * SECOND);
            outb(h, 0x443, 13); // enable, 4 s
            h.assertSilentFor(3 * SECOND);
            h.step(2 * SECOND);
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "STOP");
            assertThat(h.state()).isEqualTo(RunState.WATCHDOG);
        }
    }

    @Test
    void resetActionResetsTheGuest() {
        try (EsbHarness h = EsbHarness.ib700("reset")) {
            outb(h, 0x443, 14);
            h.step(3 * SECOND);
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.RESET),
                    new ResetEvent(true, ShutdownCause.GUEST_RESET));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void resetActionWithNoRebootShutsDown() {
        try (EsbHarness h = EsbHarness.ib700(new ActionCommandLine().watchdogAction("reset").noReboot())) {
            outb(h, 0x443, 14);
            h.step(3 * SECOND);
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, false));
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.RESET),
                    new ShutdownEvent(true, ShutdownCause.GUEST_RESET));
        }
    }

    @Test
    void poweroffExitsAtOnce() {
        try (EsbHarness h = EsbHarness.ib700("poweroff")) {
            outb(h, 0x443, 14);
            long armed = h.now();
            assertThat(h.step(3 * SECOND)).isEqualTo(armed + 2 * SECOND);
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, true));
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.POWEROFF));
        }
    }

    @Test
    void aSystemResetStopsTheCountdown() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            outb(h, 0x443, 14);
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);
            h.step(10 * SECOND);
            assertThat(h.eventNames()).containsExactly("RESET");
        }
    }

    @Test
    void aGuestResetThroughPortCf9StopsTheCountdown() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            outb(h, 0x443, 14);
            outb(h, 0xcf9, 0x06);
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);
            h.step(10 * SECOND);
            assertThat(h.events()).containsExactly(new ResetEvent(true, ShutdownCause.GUEST_RESET));
        }
    }

    @Test
    void noExpiryWhileTheVmIsStoppedAndAnOverdueOneFiresOnceItRuns() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            outb(h, 0x443, 14);
            h.step(SECOND);
            h.qmp(() -> h.machine.commands().stop());
            h.step(10 * SECOND); // qtest time moves, but timers are off while the vCPUs are paused
            assertThat(h.eventNames()).containsExactly("STOP");
            h.qmp(() -> h.machine.commands().cont());
            h.step(0);
            assertThat(h.eventNames()).containsExactly("STOP", "RESUME", "WATCHDOG");
        }
    }

    @Test
    void aWordWriteIsTwoByteWritesWithinOneRegister() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            h.out(0x443, 2, 0x0e0f); // 0 s, then 2 s: the second byte wins
            assertThat(h.ib700.deadlineNs()).isEqualTo(h.now() + 2 * SECOND);
            h.out(0x441, 2, 0x0f0f); // stops twice
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);

            outb(h, 0x443, 14);
            h.out(0x442, 2, 0x0f00); // stops; the high byte would be 0x443's, but that is the next register
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);

            h.out(0x444, 2, 0x0e0d); // 4 s from the low byte; the high byte is past the device
            assertThat(h.ib700.deadlineNs()).isEqualTo(h.now() + 4 * SECOND);
            h.step(10 * SECOND);
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
        }
    }

    @Test
    void aDwordWriteDoesNothing() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            h.out(0x443, 4, 0x0e);
            h.out(0x441, 4, 0x0e);
            assertThat(h.ib700.deadlineNs()).isEqualTo(-1);
            outb(h, 0x443, 14);
            long deadline = h.ib700.deadlineNs();
            h.out(0x441, 4, 0); // does not stop
            h.out(0x443, 4, 0x0f); // does not restart
            assertThat(h.ib700.deadlineNs()).isEqualTo(deadline);
        }
    }

    @Test
    void aWordWriteStartingBeforeTheDeviceIsNotItsAccess() {
        try (EsbHarness h = EsbHarness.ib700("none")) {
            outb(h, 0x443, 14);
            h.out(0x440, 2, 0x0000); // a guest's OUT goes whole to the region at its first port: none
            assertThat(h.ib700.deadlineNs()).isNotEqualTo(-1);
        }
    }

    @Test
    void ofTwoDevicesTheOneMappedLastTakesThePorts() {
        Machine machine = Machine.builder().clockMode(VirtualClock.Mode.STEPPED).wakeupSupported(true)
                .nmi(NmiHandler.ALL_VCPUS).build();
        PcPlatform pc = PcPlatform.install(machine, PcPlatform.DEFAULT_RAM);
        Ib700Watchdog first = Ib700Watchdog.plug(pc.machine(), pc.io());
        Ib700Watchdog second = Ib700Watchdog.plug(pc.machine(), pc.io());
        try (machine) {
            machine.start();
            machine.submit(() -> {
                machine.runAsVcpu(0, () -> pc.io().write(0x443, 1, 14));
                return null;
            }).join();
            assertThat(first.deadlineNs()).isEqualTo(-1);
            assertThat(second.deadlineNs()).isNotEqualTo(-1);
        }
    }
}
