package org.runstate.core.qapi;

/**
 * The guest entered ACPI S3; no STOP is sent.
 */
@QapiName("SUSPEND")
public record SuspendEvent() implements RunStateEvent {
    /** The only instance: the event has no data. */
    public static final SuspendEvent INSTANCE = new SuspendEvent();
}
