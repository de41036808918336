package org.runstate.core.qapi;

/**
 * The VM is shutting down (or, with shutdown action pause, stopping in state {@code shutdown}).
 *
 * @param guest whether the guest caused it
 * @param reason why
 */
@QapiName("SHUTDOWN")
public record ShutdownEvent(boolean guest, ShutdownCause reason) implements RunStateEvent {
}
