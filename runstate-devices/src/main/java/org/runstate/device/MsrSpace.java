package org.runstate.device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.runstate.core.vcpu.Vcpu;

/**
 * The MSRs devices add to every vCPU. An MSR nobody registered does not exist: reading or writing
 * it faults (#GP), which the caller reports to its engine.
 */
public final class MsrSpace {
    private final Map<Long, MsrHandler> handlers = new ConcurrentHashMap<>();

    /**
     * Registers {@code handler} for MSRs {@code first..last} inclusive.
     *
     * @param first the first index
     * @param last the last index
     * @param handler the registers
     */
    public void register(final long first, final long last, final MsrHandler handler) {
        for (long msr = first; msr <= last; msr++) {
            if (handlers.putIfAbsent(msr, handler) != null) {
                throw new IllegalStateException("MSR 0x" + Long.toHexString(msr) + " is already registered");
            }
        }
    }

    /**
     * {@code rdmsr} on {@code vcpu}.
     *
     * @param vcpu the vCPU
     * @param msr the index
     * @return the value, or null for #GP
     */
    public Long read(final Vcpu vcpu, final long msr) {
        MsrHandler h = handlers.get(msr);
        return h == null ? null : h.read(vcpu, msr);
    }

    /**
     * {@code wrmsr} on {@code vcpu}.
     *
     * @param vcpu the vCPU
     * @param msr the index
     * @param value the value
     * @return false for #GP
     */
    public boolean write(final Vcpu vcpu, final long msr, final long value) {
        MsrHandler h = handlers.get(msr);
        return h != null && h.write(vcpu, msr, value);
    }
}
