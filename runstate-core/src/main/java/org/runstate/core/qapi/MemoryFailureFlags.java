package org.runstate.core.qapi;

/**
 * Flags of a MEMORY_FAILURE event.
 *
 * @param actionRequired whether the failure needs action (MCi_STATUS.AR / BUS_MCEERR_AR)
 * @param recursive whether a machine check was already in progress
 */
@QapiName("MemoryFailureFlags")
public record MemoryFailureFlags(boolean actionRequired, boolean recursive) {
}
