package org.runstate.device;

import org.runstate.core.vcpu.Vcpu;

/** A device's model-specific registers, per vCPU (for example the Hyper-V crash MSRs). */
public interface MsrHandler {
    /**
     * {@code rdmsr}.
     *
     * @param vcpu the vCPU executing it
     * @param msr the MSR index
     * @return the value
     */
    long read(Vcpu vcpu, long msr);

    /**
     * {@code wrmsr}.
     *
     * @param vcpu the vCPU executing it
     * @param msr the MSR index
     * @param value the value
     * @return false to raise #GP (the value is not allowed)
     */
    boolean write(Vcpu vcpu, long msr, long value);
}
