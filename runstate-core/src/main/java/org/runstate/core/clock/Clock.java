package org.runstate.core.clock;

/**
 * A QEMU clock ({@code QEMUClockType}): a nanosecond time base with its own timer list. Timer
 * callbacks always run on the machine's control thread, in deadline order.
 */
public interface Clock {
    /**
     * The current time of this clock ({@code qemu_clock_get_ns}); any thread may call it.
     *
     * @return nanoseconds since the clock's origin
     */
    long nowNs();

    /**
     * Creates a timer on this clock ({@code timer_new_ns}); it is idle until {@link ClockTimer#mod}.
     *
     * @param callback run on the control thread when the timer expires
     * @return the timer
     */
    ClockTimer newTimer(Runnable callback);
}
