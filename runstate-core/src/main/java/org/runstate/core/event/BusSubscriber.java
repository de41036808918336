package org.runstate.core.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link EventBus}'s draining thread hands broadcast events to: an
 * {@link EventSubscription} or an {@link OrderedChannel}. It holds what both do alike: being
 * closed, being cut off when the bounded inbox is full, and telling the owner's callback.
 * Package-private, so delivery is no part of their public API.
 */
abstract class BusSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BusSubscriber.class);

    private volatile boolean closed;
    private volatile boolean overflowed;

    /**
     * Whether the inbox filled up and this subscriber was cut off.
     *
     * @return true after an overflow
     */
    public boolean isOverflowed() {
        return overflowed;
    }

    /**
     * Whether nothing more is delivered here.
     *
     * @return true after {@link #close()} or an overflow
     */
    public boolean isClosed() {
        return closed;
    }

    /** Leaves the bus; what is already in the inbox can still be taken. */
    @Override
    public abstract void close();

    /** Marks this subscriber closed; {@link #close()} then leaves the bus. */
    final void markClosed() {
        closed = true;
    }

    /**
     * What follows an offer to the inbox: a refused offer cuts this subscriber off (overflow, then
     * {@link #close()}); either way the owner's callback is told, and a failing callback is logged
     * so that delivery to the others goes on.
     *
     * @param accepted whether the inbox took the item
     * @param onDelivery the owner's callback
     */
    final void afterOffer(final boolean accepted, final Runnable onDelivery) {
        if (!accepted) {
            overflowed = true;
            close();
        }
        try {
            onDelivery.run();
        } catch (RuntimeException e) {
            LOG.error("subscriber callback failed; delivery goes on", e);
        }
    }

    /**
     * Whether broadcast events are delivered to this subscriber now.
     *
     * @return true to receive the next event
     */
    abstract boolean wantsEvents();

    /**
     * Takes one event, without blocking; called by the bus's single draining thread.
     *
     * @param event the event
     */
    abstract void deliverEvent(TimestampedEvent event);
}
