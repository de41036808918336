package org.runstate.core.event;

import java.util.Objects;

/**
 * How an {@link EventSubscription} is set up, by name:
 * {@code bus.subscribe(SubscriptionOptions.withCapacity(1024).notifying(callback))}.
 *
 * @param capacity how many undelivered events the subscription holds; one more cuts it off
 *     ({@linkplain EventSubscription#isOverflowed() overflow})
 * @param onDelivery called after each delivery and on overflow, on whichever thread delivered (any
 *     emitter): it must be quick and must not block. Most subscribers need none and wait in
 *     {@link EventSubscription#poll(java.time.Duration)} instead.
 */
public record SubscriptionOptions(int capacity, Runnable onDelivery) {
    /** The capacity of {@link #defaults()}. */
    public static final int DEFAULT_CAPACITY = 1024;

    private static final Runnable NOTHING = () -> { };

    /**
     * Validates the options.
     *
     * @param capacity at least 2
     * @param onDelivery the callback, never null (use {@link #withCapacity} for none)
     */
    public SubscriptionOptions {
        if (capacity < 2) {
            throw new IllegalArgumentException("a subscription's capacity must be at least 2, not " + capacity);
        }
        Objects.requireNonNull(onDelivery, "onDelivery");
    }

    /**
     * {@value #DEFAULT_CAPACITY} events, no callback.
     *
     * @return the options
     */
    public static SubscriptionOptions defaults() {
        return withCapacity(DEFAULT_CAPACITY);
    }

    /**
     * A subscription holding up to {@code capacity} undelivered events, without a callback.
     *
     * @param capacity at least 2
     * @return the options
     */
    public static SubscriptionOptions withCapacity(final int capacity) {
        return new SubscriptionOptions(capacity, NOTHING);
    }

    /**
     * The same options with a delivery callback.
     *
     * @param callback called after each delivery and on overflow, on the delivering thread
     * @return new options
     */
    public SubscriptionOptions notifying(final Runnable callback) {
        return new SubscriptionOptions(capacity, callback);
    }
}
