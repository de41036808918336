package org.runstate.core.qapi;

/**
 * The VM stopped running (only on a real running to stopped edge).
 */
@QapiName("STOP")
public record StopEvent() implements RunStateEvent {
    /** The only instance: the event has no data. */
    public static final StopEvent INSTANCE = new StopEvent();
}
