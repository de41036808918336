package org.runstate.core.event;

import java.util.Objects;
import java.util.function.Function;
import org.jctools.queues.MpscArrayQueue;

/**
 * A bounded inbox on an {@link EventBus} that interleaves the subscriber's own messages with the
 * bus's events in the one global order: a message {@linkplain #post posted} after an event was
 * emitted is taken after that event, one posted before is taken before it. This is the primitive
 * a protocol needs to answer a request only after the events the request caused, as QMP does (its
 * server posts each reply here); an application that only reads events wants an
 * {@link EventSubscription}.
 *
 * <p>Events are not delivered until {@link #startEvents()} or {@link #postAndStartEvents}, at a
 * point of the global order; each is turned into an item by the channel's event adapter. Made by
 * {@link EventBus#openChannel}.
 *
 * <p>Bounded like a subscription: when full it is {@linkplain #isOverflowed() overflowed} and
 * closed, and the callback is told. Threads: any thread may post, start events or close; the
 * callback runs on the delivering thread; {@link #poll()} is for one consumer thread at a time.
 *
 * @param <M> the items taken from the channel: posted messages and adapted events
 */
public final class OrderedChannel<M> extends BusSubscriber implements AutoCloseable {
    private final EventBus bus;
    private final MpscArrayQueue<M> inbox;
    private final Function<? super TimestampedEvent, ? extends M> eventAdapter;
    private final Runnable onDelivery;
    private volatile boolean eventsStarted;

    OrderedChannel(final EventBus bus, final int capacity, final Function<? super TimestampedEvent, ? extends M> eventAdapter,
            final Runnable onDelivery) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a channel's capacity must be at least 2, not " + capacity);
        }
        this.bus = bus;
        this.inbox = new MpscArrayQueue<>(capacity);
        this.eventAdapter = Objects.requireNonNull(eventAdapter, "eventAdapter");
        this.onDelivery = Objects.requireNonNull(onDelivery, "onDelivery");
    }

    /**
     * Queues a message for this channel after everything emitted or posted before; never blocks.
     *
     * @param message the item the consumer will take
     */
    public void post(final M message) {
        bus.post(this, Objects.requireNonNull(message, "message"), false);
    }

    /**
     * Queues a message and starts event delivery right after it in the global order: events
     * emitted before are not delivered here, events emitted after come after the message. This is
     * how a QMP client gets its {@code qmp_capabilities} reply before any event, as from QEMU,
     * where both happen under the BQL.
     *
     * @param message delivered first
     */
    public void postAndStartEvents(final M message) {
        bus.post(this, Objects.requireNonNull(message, "message"), true);
    }

    /** Starts event delivery at this point of the global order. */
    public void startEvents() {
        bus.post(this, null, true);
    }

    /**
     * Takes the next item.
     *
     * @return a posted message or an adapted event, or {@code null} when the inbox is empty
     */
    public M poll() {
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

    /** Leaves the bus; items already in the inbox can still be taken. */
    @Override
    public void close() {
        markClosed();
        bus.unsubscribe(this);
    }

    @Override
    boolean wantsEvents() {
        return eventsStarted && !isClosed();
    }

    @Override
    void deliverEvent(final TimestampedEvent event) {
        deliver(eventAdapter.apply(event));
    }

    /** A posted message (null: none, only the start of events), on the draining thread. */
    void deliverPosted(final Object message, final boolean startEvents) {
        if (startEvents) {
            eventsStarted = true;
        }
        if (message != null) {
            @SuppressWarnings("unchecked") // post(M) is the only way in
            M m = (M) message;
            deliver(m);
        }
    }

    private void deliver(final M item) {
        if (!isClosed()) {
            afterOffer(inbox.offer(item), onDelivery);
        }
    }
}
