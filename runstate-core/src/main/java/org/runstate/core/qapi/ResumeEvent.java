package org.runstate.core.qapi;

/**
 * The VM is about to run again.
 */
@QapiName("RESUME")
public record ResumeEvent() implements RunStateEvent {
    /** The only instance: the event has no data. */
    public static final ResumeEvent INSTANCE = new ResumeEvent();
}
