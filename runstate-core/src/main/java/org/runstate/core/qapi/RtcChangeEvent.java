package org.runstate.core.qapi;

import java.util.Objects;

/**
 * The guest set its real-time clock ({@code RTC_CHANGE}, qapi/misc.json); rate-limited to one per
 * second like WATCHDOG, the newest of a burst delivered late with its own timestamp.
 *
 * @param offset seconds between the time the guest set and the {@code -rtc base} clock now
 * @param qomPath the RTC's path in the QOM tree
 */
@QapiName("RTC_CHANGE")
public record RtcChangeEvent(long offset, String qomPath) implements RunStateEvent {
    /**
     * Checks that the path is present.
     *
     * @param offset seconds between the guest's time and the base clock
     * @param qomPath the RTC's QOM path
     */
    public RtcChangeEvent {
        Objects.requireNonNull(qomPath, "qomPath");
    }
}
