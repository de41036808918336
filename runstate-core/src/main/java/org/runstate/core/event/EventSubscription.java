package org.runstate.core.event;

import java.util.function.Consumer;
import org.jctools.queues.MpscArrayQueue;

/**
 * One subscriber's bounded inbox on an {@link EventBus}. Events (if enabled) and messages posted
 * to this subscription arrive in the bus's single global order. The bus never blocks on a
 * subscriber: when the inbox is full the subscription is marked {@link #isOverflowed() overflowed}
 * and closed, and the subscriber is told through its ready callback.
 */
public final class EventSubscription implements AutoCloseable {
    private final MpscArrayQueue<Object> inbox;
    private final Runnable onReady;
    private final EventBus bus;
    private volatile boolean eventsEnabled;
    private volatile boolean closed;
    private volatile boolean overflowed;

    EventSubscription(final EventBus bus, final int capacity, final boolean eventsEnabled, final Runnable onReady) {
        this.bus = bus;
        this.inbox = new MpscArrayQueue<>(capacity);
        this.eventsEnabled = eventsEnabled;
        this.onReady = onReady;
    }

    /**
     * Takes the next item: a {@link TimestampedEvent} or a message given to {@link EventBus#post}.
     *
     * @return the item, or {@code null} when the inbox is empty
     */
    public Object poll() {
        return inbox.poll();
    }

    /**
     * Whether nothing is waiting in the inbox now.
     *
     * @return true when {@link #poll()} would return {@code null}
     */
    public boolean isEmpty() {
        return inbox.isEmpty();
    }

    /**
     * Takes every item available now.
     *
     * @param sink receives the items in order
     * @return how many were taken
     */
    public int drain(final Consumer<Object> sink) {
        return inbox.drain(sink::accept);
    }

    /**
     * Turns event delivery on or off; posted messages are always delivered. A QMP client turns it
     * on once capabilities negotiation is done (events are lost, not queued, before that).
     *
     * @param enabled whether broadcast events are delivered to this subscription
     */
    public void setEventsEnabled(final boolean enabled) {
        eventsEnabled = enabled;
    }

    boolean eventsEnabled() {
        return eventsEnabled;
    }

    /**
     * Whether the inbox filled up and the subscription was cut off.
     *
     * @return true after an overflow
     */
    public boolean isOverflowed() {
        return overflowed;
    }

    /**
     * Whether the subscription no longer receives anything.
     *
     * @return true after {@link #close()} or an overflow
     */
    public boolean isClosed() {
        return closed;
    }

    /** Leaves the bus; items already in the inbox can still be polled. */
    @Override
    public void close() {
        closed = true;
        bus.unsubscribe(this);
    }

    /** Called by the single draining thread of the bus. */
    void deliver(final Object item) {
        if (closed) {
            return;
        }
        if (!inbox.offer(item)) {
            overflowed = true;
            close();
        }
        try {
            onReady.run();
        } catch (RuntimeException e) {
            // a failing subscriber callback must not stop delivery to the others
            org.slf4j.LoggerFactory.getLogger(EventSubscription.class).error("subscriber callback failed", e);
        }
    }
}
