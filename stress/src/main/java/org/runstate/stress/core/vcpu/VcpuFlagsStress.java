package org.runstate.stress.core.vcpu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuTestAccess;

/**
 * jcstress proofs for {@link Vcpu}'s packed flags word ({@code stop}, {@code stopped},
 * {@code halted}, {@code unplug} in one {@code int}): bits set and cleared by different threads
 * never overwrite each other, and the vCPU's acknowledgement ({@code stop -> stopped}) is applied
 * only to the exact word it saw.
 *
 * <p>Results are the final flags word: 1 = stop, 2 = stopped, 4 = halted, 8 = unplug.
 */
public final class VcpuFlagsStress {
    private VcpuFlagsStress() {
    }

    /** A vCPU with the given flags and no thread. */
    static Vcpu vcpu(final int flags) {
        Vcpu v = VcpuTestAccess.vcpu(0);
        VcpuTestAccess.clearFlags(v, ~0);
        VcpuTestAccess.setFlags(v, flags);
        return v;
    }

    /**
     * {@code pause_all_vcpus} sets {@code stop} on a halted vCPU while an interrupt wakes it
     * (clears {@code halted}): whatever the order, the word ends with {@code stop} and without
     * {@code halted}. Ending with {@code halted} or without {@code stop} is a lost update.
     */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "both bit operations applied")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "lost stop request: the pause would wait forever")
    @Outcome(id = {"4", "5"}, expect = FORBIDDEN, desc = "lost wake-up: the vCPU sleeps through the interrupt")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class StopVersusWake {
        final Vcpu v = vcpu(VcpuTestAccess.HALTED);

        @Actor
        public void control() {
            VcpuTestAccess.setFlags(v, VcpuTestAccess.STOP);
        }

        @Actor
        public void interrupt() {
            v.wake();
        }

        @Arbiter
        public void arbiter(final I_Result r) {
            r.r1 = VcpuTestAccess.flags(v);
        }
    }

    /**
     * The vCPU acknowledges a pause ({@code stop -> stopped}, one CAS on the word it read) while
     * the machine unplugs it: the acknowledgement either happens before the unplug (ending
     * {@code stopped|unplug}) or fails because the word changed (ending {@code stop|unplug}, the
     * vCPU re-reads and exits). The unplug is never lost and {@code stop} and {@code stopped} are
     * never both set.
     *
     * <p>r1 = 1 if the CAS succeeded, r2 = the final word.
     */
    @JCStressTest
    @Outcome(id = "1, 10", expect = ACCEPTABLE, desc = "acknowledged (the CAS saw the word as it was, unplug or not)")
    @Outcome(id = "0, 9", expect = ACCEPTABLE, desc = "unplugged between the read and the CAS; the stale acknowledgement failed")
    @Outcome(id = {"1, 2", "0, 1"}, expect = FORBIDDEN, desc = "lost unplug")
    @Outcome(id = ".*, 11", expect = FORBIDDEN, desc = "stop and stopped both set")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class AcknowledgeVersusUnplug {
        final Vcpu v = vcpu(VcpuTestAccess.STOP);

        @Actor
        public void vcpuThread(final II_Result r) {
            int seen = VcpuTestAccess.flags(v);
            r.r1 = (seen & VcpuTestAccess.STOP) != 0 && VcpuTestAccess.acknowledgeStop(v, seen) ? 1 : 0;
        }

        @Actor
        public void machine() {
            VcpuTestAccess.setFlags(v, VcpuTestAccess.UNPLUG);
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = VcpuTestAccess.flags(v);
        }
    }

    /**
     * {@code resume_all_vcpus} clears {@code stop|stopped} while the guest executes HLT on the
     * same vCPU (sets {@code halted}): the resume must not clear {@code halted} and the halt must
     * not restore {@code stopped}.
     */
    @JCStressTest
    @Outcome(id = "4", expect = ACCEPTABLE, desc = "resumed and halted")
    @Outcome(id = {"2", "3", "6", "7"}, expect = FORBIDDEN, desc = "resume lost: stopped survived")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "halt lost")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class ResumeVersusHalt {
        final Vcpu v = vcpu(VcpuTestAccess.STOPPED);

        @Actor
        public void control() {
            VcpuTestAccess.clearFlags(v, VcpuTestAccess.STOP | VcpuTestAccess.STOPPED);
        }

        @Actor
        public void guest() {
            VcpuTestAccess.setFlags(v, VcpuTestAccess.HALTED);
        }

        @Arbiter
        public void arbiter(final I_Result r) {
            r.r1 = VcpuTestAccess.flags(v);
        }
    }
}
