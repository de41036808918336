package org.runstate.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.runstate.core.vcpu.VcpuExit;

/**
 * A started one-vCPU machine whose vCPU spins (yielding each slice) and, in the first slice after
 * each {@link #cue()}, runs a test's action on its own thread, as guest code raising a request would.
 */
final class CuedVcpuMachine implements AutoCloseable {
    final Machine machine;
    private final AtomicBoolean cued = new AtomicBoolean();
    private final AtomicLong slices = new AtomicLong();
    private final AtomicLong cuedSlice = new AtomicLong();

    private CuedVcpuMachine(final Consumer<Machine> onCue) {
        Machine[] m = new Machine[1];
        m[0] = Machine.builder().engine(vcpu -> {
            long slice = slices.incrementAndGet();
            if (cued.getAndSet(false)) {
                onCue.accept(m[0]);
                cuedSlice.set(slice);
            }
            Thread.yield();
            return VcpuExit.CONTINUE;
        }).build();
        machine = m[0];
    }

    /** Starts a machine whose vCPU runs {@code onCue} with the machine once per {@link #cue()}. */
    static CuedVcpuMachine start(final Consumer<Machine> onCue) {
        CuedVcpuMachine cm = new CuedVcpuMachine(onCue);
        cm.machine.start();
        return cm;
    }

    @Override
    public void close() {
        machine.close();
    }

    /** Makes the vCPU run the action in its next slice. */
    void cue() {
        cued.set(true);
    }

    /** How many slices the vCPU has begun. */
    long slices() {
        return slices.get();
    }

    /** The number of the slice that last ran the action, 0 before the first. */
    long cuedSlice() {
        return cuedSlice.get();
    }
}
