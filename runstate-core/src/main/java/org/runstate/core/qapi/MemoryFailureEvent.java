package org.runstate.core.qapi;

/**
 * A host memory failure was seen.
 *
 * @param recipient who receives it
 * @param action what was done
 * @param flags details
 */
@QapiName("MEMORY_FAILURE")
public record MemoryFailureEvent(MemoryFailureRecipient recipient, MemoryFailureAction action, MemoryFailureFlags flags) implements RunStateEvent {
}
