package org.runstate.machine;

import java.util.concurrent.atomic.AtomicLongArray;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuExit;

/**
 * The built-in engine used without {@code -accel qtest}: after a reset each vCPU spins through a
 * number of short slices of busy work (the firmware), then halts; a wake-up (an interrupt, an NMI)
 * runs one slice, as a guest's handler does before it halts again. It executes no guest code, but
 * it makes stop, cont and reset really park and release running threads.
 */
final class DemoEngine implements VcpuEngine {
    /**
     * Slices run after a reset before the vCPU halts: a few milliseconds of work, as QEMU's firmware
     * runs briefly and then halts when there is nothing to boot. (It was 10,000, over 100 ms of
     * spinning, and as many after every timer interrupt: on a pinned server that took the CPU from
     * the QMP threads until the next scheduler tick, stop+cont p99 3-4 ms against a p50 of 0.12 ms.)
     */
    static final int SLICES_AFTER_RESET = 100;
    /** Slices run after any other wake-up before the vCPU halts again. */
    static final int SLICES_AFTER_WAKE = 1;

    /** Slices left before each vCPU halts. */
    private final AtomicLongArray left;

    DemoEngine(final int vcpus) {
        left = new AtomicLongArray(vcpus);
        for (int i = 0; i < vcpus; i++) {
            left.set(i, SLICES_AFTER_RESET);
        }
    }

    @Override
    public VcpuExit runSlice(final Vcpu vcpu) {
        for (int i = 0; i < 256 && !vcpu.exitRequested(); i++) {
            Thread.onSpinWait();
        }
        if (left.decrementAndGet(vcpu.index()) > 0) {
            return VcpuExit.CONTINUE;
        }
        left.set(vcpu.index(), SLICES_AFTER_WAKE); // what the next wake-up runs
        return VcpuExit.HALTED;
    }

    @Override
    public void reset(final Vcpu vcpu) {
        left.set(vcpu.index(), SLICES_AFTER_RESET);
        vcpu.wake(); // a reset restarts the guest at its reset vector
    }
}
