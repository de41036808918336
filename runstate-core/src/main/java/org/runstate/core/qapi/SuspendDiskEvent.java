package org.runstate.core.qapi;

/**
 * The guest entered ACPI S4; a guest shutdown follows.
 */
@QapiName("SUSPEND_DISK")
public record SuspendDiskEvent() implements RunStateEvent {
    /** The only instance: the event has no data. */
    public static final SuspendDiskEvent INSTANCE = new SuspendDiskEvent();
}
