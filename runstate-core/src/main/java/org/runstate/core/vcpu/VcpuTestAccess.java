package org.runstate.core.vcpu;

import com.google.common.annotations.VisibleForTesting;

/**
 * The vCPU flags word and wake-up counter that the jcstress tests of the {@code stress} module
 * race and the run-loop guard benchmark of {@code benchmarks} reads, reachable from those
 * modules' own packages (a class of theirs in this package would split it). Not an API: engines
 * see a {@link Vcpu} only through its public methods.
 */
@VisibleForTesting
public final class VcpuTestAccess {
    /** Stop requested ({@code cpu->stop}). */
    public static final int STOP = Vcpu.STOP;
    /** Stop acknowledged ({@code cpu->stopped}). */
    public static final int STOPPED = Vcpu.STOPPED;
    /** Halted until woken ({@code cpu->halted}). */
    public static final int HALTED = Vcpu.HALTED;
    /** Unplug requested ({@code cpu->unplug}). */
    public static final int UNPLUG = Vcpu.UNPLUG;

    private VcpuTestAccess() {
    }

    /**
     * A vCPU with no thread.
     *
     * @param index its {@code cpu_index}
     * @return the vCPU
     */
    public static Vcpu vcpu(final int index) {
        return new Vcpu(index);
    }

    /**
     * The flags word, read with volatile semantics.
     *
     * @param v the vCPU
     * @return the flags
     */
    public static int flags(final Vcpu v) {
        return v.lvFlags();
    }

    /**
     * The wake-up counter the run loop reads around HLT.
     *
     * @param v the vCPU
     * @return wake-ups so far
     */
    public static long wakeups(final Vcpu v) {
        return v.wakeups();
    }

    /**
     * Sets bits of the flags word atomically.
     *
     * @param v the vCPU
     * @param bits the bits
     */
    public static void setFlags(final Vcpu v, final int bits) {
        v.setFlags(bits);
    }

    /**
     * Clears bits of the flags word atomically.
     *
     * @param v the vCPU
     * @param bits the bits
     */
    public static void clearFlags(final Vcpu v, final int bits) {
        v.clearFlags(bits);
    }

    /**
     * The vCPU thread's stop acknowledgement: a compare-and-set from the flags it saw.
     *
     * @param v the vCPU
     * @param seen the flags word as read
     * @return whether the acknowledgement won
     */
    public static boolean acknowledgeStop(final Vcpu v, final int seen) {
        return v.casAcknowledgeStop(seen);
    }
}
