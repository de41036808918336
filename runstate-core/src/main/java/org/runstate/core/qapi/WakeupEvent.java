package org.runstate.core.qapi;

/**
 * The guest woke up from S3; no RESUME is sent.
 */
@QapiName("WAKEUP")
public record WakeupEvent() implements RunStateEvent {
    /** The only instance: the event has no data. */
    public static final WakeupEvent INSTANCE = new WakeupEvent();
}
