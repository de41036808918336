package org.runstate.core.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jctools.queues.MpscArrayQueue;

/**
 * One subscriber's bounded inbox of events on an {@link EventBus}, in the bus's single global
 * order. Made by {@link EventBus#subscribe(SubscriptionOptions)}.
 *
 * <p>The bus never blocks on a subscriber: when the inbox is full the subscription is marked
 * {@link #isOverflowed() overflowed} and closed (it receives nothing more; what is already in the
 * inbox can still be taken), and the {@linkplain SubscriptionOptions#onDelivery() callback} is
 * told. Delivery is lock-free: a JCTools MPSC queue, filled by the bus's one draining thread.
 *
 * <p>Threads: any thread may {@link #close()}; {@link #poll()}, {@link #poll(Duration)} and
 * {@link #drain} are for one consumer thread at a time. A consumer waiting in
 * {@link #poll(Duration)} wakes when an event arrives, when the subscription is closed or
 * overflows, or at its timeout. Proven by {@code EventSubscriptionPollStress} (jcstress).
 */
public final class EventSubscription extends BusSubscriber implements AutoCloseable {
    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(EventSubscription.class, "waiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscArrayQueue<TimestampedEvent> inbox;
    private final Runnable onDelivery;
    private final EventBus bus;
    /** The consumer parked in {@link #poll(Duration)}, or null. */
    @SuppressWarnings("unused") // accessed through WAITER
    private volatile Thread waiter;

    EventSubscription(final EventBus bus, final SubscriptionOptions options) {
        this.bus = bus;
        this.inbox = new MpscArrayQueue<>(options.capacity());
        this.onDelivery = options.onDelivery();
    }

    /**
     * Takes the next event without waiting.
     *
     * @return the event, or {@code null} when the inbox is empty
     */
    public TimestampedEvent poll() {
        return inbox.poll();
    }

    /**
     * Takes the next event, waiting up to {@code timeout} for one. Returns early with
     * {@code null} once the subscription is closed or has overflowed and the inbox is empty.
     *
     * @param timeout how long to wait at most
     * @return the event, or {@code null} if none came in time or none can come any more
     * @throws InterruptedException if interrupted while waiting
     */
    public TimestampedEvent poll(final Duration timeout) throws InterruptedException {
        TimestampedEvent e = inbox.poll();
        if (e != null) {
            return e;
        }
        long deadline = System.nanoTime() + Objects.requireNonNull(timeout, "timeout").toNanos();
        Thread me = Thread.currentThread();
        try {
            for (;;) {
                // announce, then look again: an offer either is seen by this look or sees the waiter
                WAITER.setVolatile(this, me);
                e = inbox.poll();
                if (e != null) {
                    return e;
                }
                if (isClosed()) {
                    return inbox.poll(); // what the last delivery left, if anything
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for an event");
                }
            }
        } finally {
            WAITER.setVolatile(this, null);
        }
    }

    /**
     * Takes up to {@code limit} events available now, without waiting.
     *
     * @param handler receives the events in order
     * @param limit the most to take, at least 1
     * @return how many were taken
     */
    public int drain(final Consumer<? super TimestampedEvent> handler, final int limit) {
        Objects.requireNonNull(handler, "handler");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return inbox.drain(handler::accept, limit);
    }

    /**
     * Whether no event is waiting in the inbox now.
     *
     * @return true when {@link #poll()} would return {@code null}
     */
    public boolean isEmpty() {
        return inbox.isEmpty();
    }

    /** Leaves the bus and wakes a waiting consumer; events already in the inbox can still be taken. */
    @Override
    public void close() {
        markClosed();
        bus.unsubscribe(this);
        wakeWaiter();
    }

    @Override
    boolean wantsEvents() {
        return !isClosed();
    }

    @Override
    void deliverEvent(final TimestampedEvent event) {
        if (isClosed()) {
            return;
        }
        boolean accepted = inbox.offer(event);
        if (accepted) {
            // No fence needed: offer's CAS of the producer index and the consumer's store of the
            // waiter are both volatile, and poll() returns null only after reading that index
            // unchanged (it waits for an element whose index was claimed). So either the consumer's
            // look saw this offer, or this read sees the waiter.
            wakeWaiter();
        }
        afterOffer(accepted, onDelivery);
    }

    private void wakeWaiter() {
        Thread w = (Thread) WAITER.getVolatile(this);
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}
