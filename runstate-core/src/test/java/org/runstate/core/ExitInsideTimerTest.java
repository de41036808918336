package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.ClockTimer;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/**
 * Once a timer callback ends the machine, nothing else happens, as after QEMU's {@code exit()}
 * inside a timer: the rest of the qtest {@code clock_step} (or of the loop's timer run) is not
 * done, so no later timer fires and a WATCHDOG event the one-second rate limit still holds back
 * is never sent (conformance scenarios {@code wdt-rate-limit-poweroff-exit} and
 * {@code wdt-rate-limit-no-reboot-exit}, recorded from QEMU 7.2).
 */
class ExitInsideTimerTest {
    private static final long MS = 1_000_000L;

    private static MachineHarness stepped(final ActionCommandLine actions) {
        return MachineHarness.start(b -> b.clockMode(VirtualClock.Mode.STEPPED).actions(actions.toCommand()));
    }

    /** A WATCHDOG none now (sent at once; it opens the rate-limit window), then {@code action} for later expiries. */
    private static void firstExpiryThen(final MachineHarness h, final WatchdogAction action) {
        h.qmp(() -> h.machine.watchdog().perform());
        h.qmp(() -> h.machine.commands().watchdogSetAction(new WatchdogSetActionCommand(action)));
    }

    /** A timer that runs the watchdog action at {@code delayNs} from now, as a device expiry does. */
    private static void expireIn(final MachineHarness h, final long delayNs) {
        timerIn(h, delayNs, h.machine.watchdog()::perform);
    }

    /** Arms a new timer that runs {@code callback} {@code delayNs} from now (stepped time: now stands still). */
    private static void timerIn(final MachineHarness h, final long delayNs, final Runnable callback) {
        h.qmp(() -> {
            VirtualClock clock = h.machine.virtualClock();
            clock.newTimer(callback).mod(clock.nowNs() + delayNs);
        });
    }

    @Test
    void poweroffInsideTheRateLimitWindowEndsTheStepAndTheHeldBackWatchdogIsNeverSent() {
        try (MachineHarness h = stepped(new ActionCommandLine().watchdogAction("none"))) {
            long t0 = h.machine.virtualClock().nowNs();
            firstExpiryThen(h, WatchdogAction.POWEROFF);
            expireIn(h, 300 * MS);
            long stoppedAt = h.qmp(() -> h.machine.stepVirtualClock(3000 * MS));
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, true));
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
            assertThat(stoppedAt).isEqualTo(t0 + 300 * MS);
            assertThat(h.machine.virtualClock().nowNs()).isEqualTo(t0 + 300 * MS);
        }
    }

    @Test
    void noRebootResetInsideTheRateLimitWindowShutsDownAndTheHeldBackWatchdogIsNeverSent() {
        try (MachineHarness h = stepped(new ActionCommandLine().watchdogAction("none").noReboot())) {
            long t0 = h.machine.virtualClock().nowNs();
            firstExpiryThen(h, WatchdogAction.RESET);
            expireIn(h, 300 * MS);
            long stoppedAt = h.qmp(() -> h.machine.stepVirtualClock(3000 * MS));
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, false));
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE),
                    new ShutdownEvent(true, ShutdownCause.GUEST_RESET));
            assertThat(stoppedAt).isEqualTo(t0 + 300 * MS);
        }
    }

    @Test
    void noTimerOfTheSameStepFiresAfterAnExitNowNotEvenOneWithTheSameDeadline() {
        try (MachineHarness h = stepped(new ActionCommandLine())) {
            List<String> fired = new CopyOnWriteArrayList<>();
            timerIn(h, 100 * MS, () -> {
                fired.add("exit");
                h.machine.exitNow(0);
            });
            timerIn(h, 100 * MS, () -> fired.add("same deadline"));
            timerIn(h, 200 * MS, () -> fired.add("later"));
            h.qmp(() -> h.machine.stepVirtualClock(1000 * MS));
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(fired).containsExactly("exit");
        }
    }

    @Test
    void clockSetStopsAtTheTimerThatEndsTheMachine() {
        try (MachineHarness h = stepped(new ActionCommandLine())) {
            List<String> fired = new CopyOnWriteArrayList<>();
            long at = h.qmp(() -> {
                VirtualClock clock = h.machine.virtualClock();
                long deadline = clock.nowNs() + 100 * MS;
                clock.newTimer(() -> h.machine.exitNow(0)).mod(deadline);
                clock.newTimer(() -> fired.add("later")).mod(deadline + 1);
                return deadline;
            });
            assertThat(h.qmp(() -> h.machine.setVirtualClock(at + 1000 * MS))).isEqualTo(at);
            h.awaitTermination();
            assertThat(fired).isEmpty();
        }
    }

    @Test
    void aRequestThatEndsTheMachineStopsTheStepToo() {
        try (MachineHarness h = stepped(new ActionCommandLine())) {
            List<String> fired = new CopyOnWriteArrayList<>();
            timerIn(h, 100 * MS, () -> h.machine.requests().shutdown(ShutdownCause.GUEST_SHUTDOWN));
            timerIn(h, 200 * MS, () -> fired.add("later"));
            h.qmp(() -> h.machine.stepVirtualClock(1000 * MS));
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.eventNames()).containsExactly("SHUTDOWN");
            assertThat(fired).isEmpty();
        }
    }

    /** On the virtual clock (host-driven here) and on the realtime clock alike. */
    @ParameterizedTest(name = "with host-driven time the loop runs no other expired {0} timer after an exitNow")
    @ValueSource(strings = {"virtual", "realtime"})
    void withHostDrivenTimeTheLoopRunsNoOtherExpiredTimerAfterAnExitNow(final String clockName) {
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            List<String> fired = new CopyOnWriteArrayList<>();
            h.qmp(() -> {
                Clock clock = clockName.equals("virtual") ? h.machine.virtualClock() : h.machine.realtimeClock();
                long now = clock.nowNs();
                ClockTimer first = clock.newTimer(() -> {
                    fired.add("exit");
                    h.machine.exitNow(0);
                });
                ClockTimer second = clock.newTimer(() -> fired.add("second"));
                first.mod(now); // both are due at the loop's next timer run
                second.mod(now);
            });
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(fired).containsExactly("exit");
        }
    }
}
