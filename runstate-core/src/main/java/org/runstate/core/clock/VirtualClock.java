package org.runstate.core.clock;

import java.util.function.BooleanSupplier;

/**
 * {@code QEMU_CLOCK_VIRTUAL}. Two independent switches, as in QEMU:
 * <ul>
 *   <li><em>ticks</em> ({@code cpu_enable_ticks}/{@code cpu_disable_ticks}, done by vm_start and
 *       vm_stop): in {@link Mode#HOST_DRIVEN} mode time follows the host clock only while ticking;
 *   <li><em>enabled</em> ({@code qemu_clock_enable}, done by pause/resume of all vCPUs): timers
 *       fire only while enabled.
 * </ul>
 * In {@link Mode#STEPPED} mode (the qtest accelerator) time moves only by {@link #step} and
 * {@link #set}, which run the timers that fall due on the way, each at its own deadline.
 *
 * <p>Every way of running timers takes an {@code afterEach} hook, run after each callback (the
 * control loop processes requests there). When it answers true the machine is ending, and the run
 * stops at once: no later timer fires and stepped time moves no further, as when a QEMU timer
 * callback calls {@code exit()} (watchdog action {@code poweroff}) or a request it posted ends
 * the main loop.
 */
public final class VirtualClock implements Clock {
    /** How virtual time advances. */
    public enum Mode {
        /** Follows host time while the VM runs. */
        HOST_DRIVEN,
        /** Moves only when stepped explicitly (qtest {@code clock_step}/{@code clock_set}). */
        STEPPED
    }

    /** Immutable time base, swapped atomically: either frozen at a value, or host time + offset. */
    private record Base(boolean ticking, long valueOrOffset) {
    }

    private final Mode mode;
    private final TimerList timers;
    private volatile Base base = new Base(false, 0);
    private volatile boolean enabled = true;

    /**
     * Creates a clock at 0 ns, not ticking, timers enabled (QEMU's state before the first start).
     *
     * @param mode how time advances
     * @param wakeup called when a timer becomes the earliest, or the clock starts, so the control
     *     loop re-computes its sleep
     */
    public VirtualClock(final Mode mode, final Runnable wakeup) {
        this.mode = mode;
        this.timers = new TimerList(wakeup);
        this.wakeup = wakeup;
    }

    private final Runnable wakeup;

    /**
     * The mode chosen at creation.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    @Override
    public long nowNs() {
        Base b = base;
        return b.ticking ? System.nanoTime() + b.valueOrOffset : b.valueOrOffset;
    }

    @Override
    public ClockTimer newTimer(final Runnable callback) {
        return new ClockTimer(timers, callback);
    }

    /** {@code cpu_enable_ticks}: in host-driven mode, time starts following the host clock. */
    public void enableTicks() {
        Base b = base;
        if (mode == Mode.HOST_DRIVEN && !b.ticking) {
            base = new Base(true, b.valueOrOffset - System.nanoTime());
            wakeup.run();
        }
    }

    /** {@code cpu_disable_ticks}: in host-driven mode, time freezes. */
    public void disableTicks() {
        Base b = base;
        if (b.ticking) {
            base = new Base(false, System.nanoTime() + b.valueOrOffset);
        }
    }

    /**
     * {@code qemu_clock_enable}: whether timers may fire.
     *
     * @param on the new value
     */
    public void setEnabled(final boolean on) {
        enabled = on;
        if (on) {
            wakeup.run();
        }
    }

    /**
     * Whether timers may fire now.
     *
     * @return the enable switch
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * qtest {@code clock_step}: advances by {@code ns}, firing due timers in deadline order, each
     * with the clock set to its deadline. Control thread only; stepped mode only.
     *
     * @param ns how far to advance (non-negative)
     * @param afterEach called after each timer callback; true stops the step there
     * @return the new time: the end of the step, or the deadline of the timer after which
     *     {@code afterEach} stopped it
     */
    public long step(final long ns, final BooleanSupplier afterEach) {
        if (ns < 0) {
            throw new IllegalArgumentException("negative step " + ns);
        }
        return set(nowNs() + ns, afterEach);
    }

    /**
     * qtest {@code clock_set}: advances to {@code targetNs} (never backwards), firing due timers.
     * Control thread only; stepped mode only.
     *
     * @param targetNs the absolute time
     * @param afterEach called after each timer callback; true stops the advance there: the clock
     *     stays at that timer's deadline and no later timer fires
     * @return the new time: {@code targetNs} (or the current time if later), or the deadline at
     *     which {@code afterEach} stopped the advance
     */
    public long set(final long targetNs, final BooleanSupplier afterEach) {
        if (mode != Mode.STEPPED) {
            throw new IllegalStateException("the virtual clock follows the host; it cannot be stepped");
        }
        long now = nowNs();
        while (enabled) {
            long deadline = timers.nextDeadline();
            if (deadline < 0 || deadline > targetNs) {
                break;
            }
            now = Math.max(now, deadline);
            base = new Base(false, now);
            ClockTimer t = timers.pollExpired(now);
            if (t != null) {
                t.fire();
                if (afterEach.getAsBoolean()) {
                    return now; // the machine ends inside this timer: nothing after it happens
                }
            }
        }
        long end = Math.max(now, targetNs);
        base = new Base(false, end);
        return end;
    }

    /**
     * Runs the timers that are due now, when enabled; control thread only.
     *
     * @param afterEach called after each timer callback; true stops the run there
     */
    public void runExpired(final BooleanSupplier afterEach) {
        ClockTimer t;
        while (enabled && (t = timers.pollExpired(nowNs())) != null) {
            t.fire();
            if (afterEach.getAsBoolean()) {
                return;
            }
        }
    }

    /**
     * Virtual nanoseconds from now to the next timer deadline, whether or not time moves by
     * itself: what a bare qtest {@code clock_step} advances by
     * ({@code qemu_clock_deadline_ns_all}).
     *
     * @return the distance (0 if overdue), or -1 when no timer is armed or timers are disabled
     */
    public long nanosToNextDeadline() {
        long d = timers.nextDeadline();
        if (d < 0 || !enabled) {
            return -1;
        }
        return Math.max(0, d - nowNs());
    }

    /**
     * Host nanoseconds until the next timer is due, for the control loop's sleep.
     *
     * @return the delay (0 if overdue), or -1 when nothing can fire by host time passing (no timer,
     *     timers disabled, or time not moving)
     */
    public long nanosUntilNextDeadline() {
        long d = timers.nextDeadline();
        if (d < 0 || !enabled) {
            return -1;
        }
        long now = nowNs();
        if (d <= now) {
            return 0;
        }
        return base.ticking ? d - now : -1;
    }
}
