package org.runstate.core.qapi;

/** Who receives a memory failure (QAPI {@code MemoryFailureRecipient}). */
@QapiName("MemoryFailureRecipient")
public enum MemoryFailureRecipient implements QapiEnum {
    /** The hypervisor itself. */
    HYPERVISOR,
    /** The guest. */
    GUEST
}
