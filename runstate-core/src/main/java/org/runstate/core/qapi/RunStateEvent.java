package org.runstate.core.qapi;

/**
 * An event the core emits: those of the run-state schema, and the one device event it models
 * ({@link RtcChangeEvent}, from qapi/misc.json, see qmp-server's {@code QapiSchema.deviceEvents()}). Each
 * implementation is a record whose components are the event's {@code data} members in schema
 * order; an event without members has no {@code data}.
 */
public sealed interface RunStateEvent permits ShutdownEvent, PowerdownEvent, ResetEvent, StopEvent,
        ResumeEvent, SuspendEvent, SuspendDiskEvent, WakeupEvent, WatchdogEvent, GuestPanickedEvent,
        GuestCrashloadedEvent, MemoryFailureEvent, RtcChangeEvent {
    /**
     * The QMP event name.
     *
     * @return for example {@code "SHUTDOWN"}
     */
    default String eventName() {
        return getClass().getAnnotation(QapiName.class).value();
    }
}
