package org.runstate.core.clock;

import java.util.Objects;

/**
 * A one-shot timer on a {@link Clock} ({@code QEMUTimer}). {@link #mod} and {@link #cancel} may be
 * called from any thread (a vCPU writing a device register, for example); the callback runs on the
 * control thread.
 */
public final class ClockTimer {
    private final TimerList list;
    private final Runnable callback;
    /** Guarded by the list's lock; -1 when not pending. */
    long expireNs = -1;
    /** Guarded by the list's lock: breaks deadline ties in arming order. */
    long sequence;

    ClockTimer(final TimerList list, final Runnable callback) {
        this.list = list;
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    /**
     * Arms (or re-arms) the timer to expire at {@code expireNs} on its clock ({@code timer_mod}).
     *
     * @param expireNs the absolute deadline in the clock's nanoseconds
     */
    public void mod(final long expireNs) {
        list.mod(this, expireNs);
    }

    /** Disarms the timer ({@code timer_del}); a callback already running is not affected. */
    public void cancel() {
        list.cancel(this);
    }

    /**
     * Whether the timer is armed ({@code timer_pending}).
     *
     * @return true until it fires or is cancelled
     */
    public boolean isPending() {
        return list.isPending(this);
    }

    /**
     * The armed deadline ({@code timer_expire_time_ns}).
     *
     * @return the deadline, or -1 when not pending
     */
    public long expireTimeNs() {
        return list.expireTime(this);
    }

    void fire() {
        callback.run();
    }
}
