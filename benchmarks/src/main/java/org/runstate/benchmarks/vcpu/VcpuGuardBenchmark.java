package org.runstate.benchmarks.vcpu;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuExit;
import org.runstate.core.vcpu.VcpuRunLoop;
import org.runstate.core.vcpu.VcpuTestAccess;

/**
 * Family 2a: what the run loop's guard costs a vCPU. A slice loop of fixed work (about 1 µs by
 * default: {@link Blackhole#consumeCPU} tokens) runs {@value #SLICES} slices per invocation,
 * once bare and once with exactly the checks {@code VcpuRunLoop} makes around every slice: the
 * flags word read ({@code flags == 0} means run) and the wake-up counter read that keeps a
 * wake-up racing HLT from being lost. It makes those same package-private reads through
 * {@link VcpuTestAccess}, on a real, unstarted {@link Vcpu}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class VcpuGuardBenchmark {
    static final int SLICES = 100;

    /** Work tokens per slice; 360 tokens is about 1 µs on the documented machine. */
    @Param({"360"})
    public int tokens;

    private VcpuRunLoop loop;
    private Vcpu vcpu;

    @Setup(Level.Trial)
    public void setUp() {
        loop = new VcpuRunLoop(1, v -> VcpuExit.CONTINUE);
        vcpu = loop.vcpus().get(0);
        VcpuTestAccess.clearFlags(vcpu, VcpuTestAccess.STOPPED); // as after vm_start: flags == 0, the vCPU may run
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close(); // never started: nothing to join
    }

    @Benchmark
    @OperationsPerInvocation(SLICES)
    public int slicesWithoutGuard() {
        int done = 0;
        for (int i = 0; i < SLICES; i++) {
            Blackhole.consumeCPU(tokens);
            done++;
        }
        return done;
    }

    @Benchmark
    @OperationsPerInvocation(SLICES)
    public int slicesWithGuard() {
        Vcpu v = vcpu;
        int done = 0;
        for (int i = 0; i < SLICES; i++) {
            if (VcpuTestAccess.flags(v) != 0) {
                break; // the run loop would handle stop/halt/unplug here
            }
            long wakeupsBefore = VcpuTestAccess.wakeups(v);
            Blackhole.consumeCPU(tokens);
            if (VcpuTestAccess.wakeups(v) != wakeupsBefore) {
                done--; // never taken: keeps the read live, as the loop's HLT path uses it
            }
            done++;
        }
        return done;
    }
}
