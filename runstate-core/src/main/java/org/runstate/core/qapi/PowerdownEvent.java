package org.runstate.core.qapi;

/**
 * A power-down was requested (QMP {@code system_powerdown}, watchdog {@code shutdown}); the guest decides what to do.
 */
@QapiName("POWERDOWN")
public record PowerdownEvent() implements RunStateEvent {
    /** The only instance: the event has no data. */
    public static final PowerdownEvent INSTANCE = new PowerdownEvent();
}
