package org.runstate.core.event;

import java.util.Objects;
import org.runstate.core.qapi.RunStateEvent;

/**
 * An event with the wall-clock time at which it was built ({@code g_get_real_time}), split like
 * QMP's {@code timestamp} member. A rate-limited event keeps this time even when delivered late.
 *
 * @param seconds whole seconds since the Unix epoch
 * @param microseconds the microseconds within that second, 0 to 999999
 * @param event the event
 */
public record TimestampedEvent(long seconds, long microseconds, RunStateEvent event) {
    /**
     * Validates the fields.
     *
     * @param seconds whole seconds since the Unix epoch
     * @param microseconds 0 to 999999
     * @param event the event
     */
    public TimestampedEvent {
        Objects.requireNonNull(event, "event");
        if (microseconds < 0 || microseconds >= 1_000_000) {
            throw new IllegalArgumentException("microseconds out of range: " + microseconds);
        }
    }

    /**
     * Builds a timestamped event from microseconds since the epoch.
     *
     * @param epochMicros wall-clock time in microseconds
     * @param event the event
     * @return the timestamped event
     */
    public static TimestampedEvent at(final long epochMicros, final RunStateEvent event) {
        return new TimestampedEvent(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L), event);
    }
}
