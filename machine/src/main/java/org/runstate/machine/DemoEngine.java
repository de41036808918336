package org.runstate.machine;

import java.util.concurrent.atomic.AtomicLongArray;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuExit;

/**
 * The built-in engine used without {@code -accel qtest}: each vCPU spins through a number of short
 * slices of busy work, then halts until woken (an NMI, or a reset). It executes no guest code, but
 * it makes stop, cont and reset really park and release running threads.
 */
final class DemoEngine implements VcpuEngine {
    /**
     * Slices run after each start or wake-up before the vCPU halts: a few milliseconds of work,
     * as QEMU's firmware runs briefly and then halts when there is nothing to boot. (It was 10,000,
     * over 100 ms of spinning, which on a pinned server took the CPU from the QMP threads for
     * thousands of stop/cont pairs: stop+cont p99 2 ms against a p50 of 0.12 ms.)
     */
    static final int SLICES_BEFORE_HALT = 100;

    private final AtomicLongArray slices;

    DemoEngine(final int vcpus) {
        slices = new AtomicLongArray(vcpus);
    }

    @Override
    public VcpuExit runSlice(final Vcpu vcpu) {
        long n = slices.incrementAndGet(vcpu.index());
        for (int i = 0; i < 256 && !vcpu.exitRequested(); i++) {
            Thread.onSpinWait();
        }
        return n % SLICES_BEFORE_HALT == 0 ? VcpuExit.HALTED : VcpuExit.CONTINUE;
    }

    @Override
    public void reset(final Vcpu vcpu) {
        vcpu.wake(); // a reset restarts the guest at its reset vector
    }
}
