package org.runstate.core.vcpu;

/**
 * The embedder's execution engine: runs guest code of one vCPU for a bounded slice. Called only on
 * that vCPU's own thread. A slice should return soon after {@link Vcpu#exitRequested()} turns
 * true (QEMU's {@code cpu_exit}), so stop and reset requests take effect promptly.
 */
@FunctionalInterface
public interface VcpuEngine {
    /**
     * Runs guest code for one slice.
     *
     * @param vcpu the vCPU being run
     * @return {@link VcpuExit#HALTED} when the guest executed HLT (the vCPU then sleeps until
     *     {@link Vcpu#wake()}), otherwise {@link VcpuExit#CONTINUE}
     */
    VcpuExit runSlice(Vcpu vcpu);

    /**
     * Resets the engine's architectural state of {@code vcpu}; called on the control thread while
     * every vCPU is paused.
     *
     * @param vcpu the vCPU to reset
     */
    default void reset(final Vcpu vcpu) {
    }

    /** An engine that executes nothing: every vCPU halts at once (the qtest accelerator). */
    VcpuEngine IDLE = vcpu -> VcpuExit.HALTED;
}
