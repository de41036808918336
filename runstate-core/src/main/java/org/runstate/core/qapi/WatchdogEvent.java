package org.runstate.core.qapi;

/**
 * A watchdog expired; rate-limited to one per second, the newest of a burst delivered late with its own timestamp.
 *
 * @param action what the expiry does
 */
@QapiName("WATCHDOG")
public record WatchdogEvent(WatchdogAction action) implements RunStateEvent {
}
