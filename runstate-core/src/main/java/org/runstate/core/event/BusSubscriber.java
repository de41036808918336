package org.runstate.core.event;

/**
 * What the {@link EventBus}'s draining thread hands broadcast events to: an
 * {@link EventSubscription} or an {@link OrderedChannel}. Package-private, so delivery is no part
 * of their public API.
 */
abstract class BusSubscriber {
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
