package org.runstate.core.vcpu;

/** Why an engine slice ended. */
public enum VcpuExit {
    /** The slice ended; run the next one unless a stop is pending. */
    CONTINUE,
    /** The guest halted; sleep until woken. */
    HALTED
}
