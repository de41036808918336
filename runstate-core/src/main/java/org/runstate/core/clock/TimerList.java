package org.runstate.core.clock;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The armed timers of one clock, earliest first. Arming happens on any thread and is rare (device
 * register writes), so a short lock is used; firing is done by the control thread only.
 */
final class TimerList {
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<ClockTimer> queue = new PriorityQueue<>(
            Comparator.<ClockTimer>comparingLong(t -> t.expireNs).thenComparingLong(t -> t.sequence));
    private final Runnable onEarlierDeadline;
    private long nextSequence;

    TimerList(final Runnable onEarlierDeadline) {
        this.onEarlierDeadline = onEarlierDeadline;
    }

    void mod(final ClockTimer timer, final long expireNs) {
        boolean first;
        lock.lock();
        try {
            if (timer.expireNs >= 0) {
                queue.remove(timer);
            }
            timer.expireNs = Math.max(0, expireNs);
            timer.sequence = nextSequence++;
            queue.add(timer);
            first = queue.peek() == timer;
        } finally {
            lock.unlock();
        }
        if (first) {
            onEarlierDeadline.run();
        }
    }

    void cancel(final ClockTimer timer) {
        lock.lock();
        try {
            if (timer.expireNs >= 0) {
                queue.remove(timer);
                timer.expireNs = -1;
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isPending(final ClockTimer timer) {
        return expireTime(timer) >= 0;
    }

    long expireTime(final ClockTimer timer) {
        lock.lock();
        try {
            return timer.expireNs;
        } finally {
            lock.unlock();
        }
    }

    /** The earliest deadline, or -1 when nothing is armed. */
    long nextDeadline() {
        lock.lock();
        try {
            ClockTimer head = queue.peek();
            return head == null ? -1 : head.expireNs;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the earliest timer if it expired at {@code nowNs}, else null. */
    ClockTimer pollExpired(final long nowNs) {
        lock.lock();
        try {
            ClockTimer head = queue.peek();
            if (head == null || head.expireNs > nowNs) {
                return null;
            }
            queue.poll();
            head.expireNs = -1;
            return head;
        } finally {
            lock.unlock();
        }
    }
}
