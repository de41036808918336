package org.runstate.core.qapi;

/**
 * An event of the run-state schema. Each implementation is a record whose components are the
 * event's {@code data} members in schema order; an event without members has no {@code data}.
 */
public sealed interface RunStateEvent permits ShutdownEvent, PowerdownEvent, ResetEvent, StopEvent,
        ResumeEvent, SuspendEvent, SuspendDiskEvent, WakeupEvent, WatchdogEvent, GuestPanickedEvent,
        GuestCrashloadedEvent, MemoryFailureEvent {
    /**
     * The QMP event name.
     *
     * @return for example {@code "SHUTDOWN"}
     */
    default String eventName() {
        return getClass().getAnnotation(QapiName.class).value();
    }
}
