package org.runstate.core.qapi;

/** What was done about a memory failure (QAPI {@code MemoryFailureAction}). */
@QapiName("MemoryFailureAction")
public enum MemoryFailureAction implements QapiEnum {
    /** Ignored. */
    IGNORE,
    /** Injected into the guest as a machine check. */
    INJECT,
    /** Fatal to the hypervisor, which exits. */
    FATAL,
    /** The guest is reset (recursive or disabled machine check). */
    RESET
}
