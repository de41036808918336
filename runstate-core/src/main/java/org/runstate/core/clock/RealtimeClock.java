package org.runstate.core.clock;

import java.util.function.BooleanSupplier;

/**
 * {@code QEMU_CLOCK_REALTIME}: host monotonic time, always running. Used by the monitor's event
 * rate limiter outside qtest mode.
 */
public final class RealtimeClock implements Clock {
    private final long origin = System.nanoTime();
    private final TimerList timers;

    /**
     * Creates the clock.
     *
     * @param wakeup called when a timer is armed earlier than every other, so the control loop can
     *     shorten its sleep
     */
    public RealtimeClock(final Runnable wakeup) {
        timers = new TimerList(wakeup);
    }

    @Override
    public long nowNs() {
        return System.nanoTime() - origin;
    }

    @Override
    public ClockTimer newTimer(final Runnable callback) {
        return new ClockTimer(timers, callback);
    }

    /**
     * Runs every expired timer, earliest first; control thread only.
     *
     * @param afterEach called after each callback (the control loop processes requests there);
     *     true means the machine is ending and stops the run there, so no later timer fires
     */
    public void runExpired(final BooleanSupplier afterEach) {
        ClockTimer t;
        while ((t = timers.pollExpired(nowNs())) != null) {
            t.fire();
            if (afterEach.getAsBoolean()) {
                return;
            }
        }
    }

    /**
     * Host nanoseconds until the next timer is due.
     *
     * @return the delay (0 if overdue), or -1 when no timer is armed
     */
    public long nanosUntilNextDeadline() {
        long d = timers.nextDeadline();
        return d < 0 ? -1 : Math.max(0, d - nowNs());
    }
}
