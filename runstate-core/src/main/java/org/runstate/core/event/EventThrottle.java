package org.runstate.core.event;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.ClockTimer;

/**
 * QEMU's monitor rate limit for one event key ({@code monitor_qapi_event_queue_no_reenter}): the
 * first event goes out at once and opens a one-period window; events inside the window replace
 * each other as "pending" (older ones are dropped); when the window ends the pending one, if any,
 * goes out with its original timestamp and a new window opens, otherwise the key becomes idle.
 *
 * <p>Lock-free: the window is one immutable value swapped by CAS; the timer callback runs on the
 * control thread.
 */
final class EventThrottle {
    /** An open window and the newest event waiting for its end (or null). */
    private record Window(TimestampedEvent pending) {
    }

    private static final Window OPEN_EMPTY = new Window(null);

    private final AtomicReference<Window> window = new AtomicReference<>();
    private final Clock clock;
    private final long periodNs;
    private final Consumer<TimestampedEvent> deliver;
    private final ClockTimer timer;

    EventThrottle(final Clock clock, final long periodNs, final Consumer<TimestampedEvent> deliver) {
        this.clock = clock;
        this.periodNs = periodNs;
        this.deliver = deliver;
        this.timer = clock.newTimer(this::windowEnded);
    }

    void offer(final TimestampedEvent event) {
        while (true) {
            Window w = window.get();
            if (w == null) {
                if (window.compareAndSet(null, OPEN_EMPTY)) {
                    deliver.accept(event);
                    timer.mod(clock.nowNs() + periodNs);
                    return;
                }
            } else if (window.compareAndSet(w, new Window(event))) {
                return;
            }
        }
    }

    private void windowEnded() {
        while (true) {
            Window w = window.get();
            if (w == null) {
                return;
            }
            if (w.pending == null) {
                if (window.compareAndSet(w, null)) {
                    return;
                }
            } else if (window.compareAndSet(w, OPEN_EMPTY)) {
                deliver.accept(w.pending);
                timer.mod(clock.nowNs() + periodNs);
                return;
            }
        }
    }
}
