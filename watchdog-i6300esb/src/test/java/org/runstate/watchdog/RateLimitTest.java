package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Termination;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;
import org.runstate.core.qapi.WatchdogSetActionCommand;
import org.runstate.testkit.RecordedEvent;

/**
 * WATCHDOG goes through QEMU's monitor throttle (1 s, the newest of a burst delivered at the end
 * of the window with its own timestamp; virtual time under qtest), exactly as in the golden
 * wdt-rate-limit: a guest re-arming a 0.2 s watchdog three times within 0.6 s.
 */
class RateLimitTest {
    private static final int PRELOAD = 0x66;
    private static final long EXPIRY = 2 * PRELOAD * 983_040L; // 200,540,160 ns
    private static final long MS = 1_000_000L;

    private static void rearm(final EsbHarness h) {
        h.arm(PRELOAD, PRELOAD);
    }

    private static void setAction(final EsbHarness h, final WatchdogAction action) {
        h.qmp(() -> h.machine.commands().watchdogSetAction(new WatchdogSetActionCommand(action)));
    }

    /**
     * Maps BAR0, lets an expiry with action none happen, then 0.5 s later (inside its rate-limit
     * window) sets {@code action} and arms again; returns when it armed.
     */
    private static long armAgainHalfASecondAfterAnExpiryWithActionNone(final EsbHarness h,
            final WatchdogAction action) {
        h.mapBar();
        setAction(h, WatchdogAction.NONE);
        rearm(h);
        h.step(500 * MS);
        setAction(h, action);
        rearm(h);
        return h.now();
    }

    @Test
    void burstOfThreeExpiriesGivesTheFirstAtOnceAndTheLastAfterOneSecond() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            long t0 = h.now();
            rearm(h);
            h.step(300 * MS);
            setAction(h, WatchdogAction.DEBUG);
            rearm(h);
            h.step(300 * MS);
            setAction(h, WatchdogAction.INJECT_NMI);
            rearm(h);
            h.step(1500 * MS);

            List<RecordedEvent> seen = h.seen();
            assertThat(seen).extracting(RecordedEvent::event).containsExactly(
                    new WatchdogEvent(WatchdogAction.NONE), new WatchdogEvent(WatchdogAction.INJECT_NMI));
            assertThat(seen.get(0).virtualNs()).isEqualTo(t0 + EXPIRY);
            // the held event goes out when the window of the first closes ...
            assertThat(seen.get(1).virtualNs()).isEqualTo(t0 + EXPIRY + 1000 * MS);
            // ... stamped with the time it was raised, the third expiry
            long raisedMicros = (t0 + 600 * MS + EXPIRY) / 1000;
            assertThat(seen.get(1).stamped().seconds() * 1_000_000 + seen.get(1).stamped().microseconds())
                    .isEqualTo(raisedMicros);
            // all three actions were performed even though two events were merged
            assertThat(h.stderr).containsExactly("watchdog: timer fired");
            assertThat(h.machine.vcpus().vcpus().get(0).nmiCount()).isEqualTo(1);
        }
    }

    @Test
    void anExpiryAfterAQuietWindowIsSentAtOnce() {
        try (EsbHarness h = EsbHarness.stepped("none").withBarMapped()) {
            rearm(h);
            h.step(300 * MS);
            rearm(h);
            h.step(3000 * MS); // second expiry held, sent at the window end, then a quiet window
            h.clearEvents();
            long t1 = h.now();
            rearm(h);
            h.step(1000 * MS);
            assertThat(h.seen()).singleElement().satisfies(s -> assertThat(s.virtualNs()).isEqualTo(t1 + EXPIRY));
        }
    }

    /**
     * The golden wdt-rate-limit-poweroff-exit: an expiry with action poweroff 0.5 s after a
     * WATCHDOG none ends the machine inside its timer, so the held-back WATCHDOG poweroff, due at
     * the end of the window, is never sent, though the step reaches far beyond it.
     */
    @Test
    void poweroffInsideTheWindowExitsAndTheHeldBackEventIsNeverSent() {
        try (EsbHarness h = EsbHarness.stepped(new ActionCommandLine().action("watchdog=poweroff"))) {
            long armed = armAgainHalfASecondAfterAnExpiryWithActionNone(h, WatchdogAction.POWEROFF);
            assertThat(h.step(2500 * MS)).isEqualTo(armed + EXPIRY); // the step stopped at the expiry
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, true));
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
        }
    }

    /**
     * The golden wdt-rate-limit-no-reboot-exit: with -no-reboot the reset of the second expiry is a
     * shutdown, SHUTDOWN is sent and the machine ends before the window does, so the held-back
     * WATCHDOG reset is never sent (not even after SHUTDOWN).
     */
    @Test
    void noRebootResetInsideTheWindowShutsDownAndTheHeldBackEventIsNeverSent() {
        try (EsbHarness h = EsbHarness.stepped(new ActionCommandLine().action("watchdog=reset").noReboot())) {
            long armed = armAgainHalfASecondAfterAnExpiryWithActionNone(h, WatchdogAction.RESET);
            assertThat(h.step(2500 * MS)).isEqualTo(armed + EXPIRY);
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, false));
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE),
                    new ShutdownEvent(true, ShutdownCause.GUEST_RESET));
        }
    }
}
