package org.runstate.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.runstate.core.vcpu.VcpuExit;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * Family 2b: {@code pause_all_vcpus} + {@code resume_all_vcpus} latency with 1, 2, 4 and 8 running
 * vCPU threads, each executing 1 µs slices of work. One sample is a pause that returns once every
 * vCPU has acknowledged, then a resume. With more vCPU threads than cores (this machine has 2)
 * the pause waits for the scheduler to run each of them, which the p99 shows.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class PauseResumeBenchmark {
    @Param({"1", "2", "4", "8"})
    public int vcpus;

    /** Work tokens per slice; 360 tokens is about 1 µs on the documented machine. */
    @Param({"360"})
    public int tokens;

    private VcpuRunLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
        int work = tokens;
        loop = new VcpuRunLoop(vcpus, v -> {
            Blackhole.consumeCPU(work);
            return VcpuExit.CONTINUE;
        });
        loop.start();
        loop.resumeAll();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    public boolean pauseAllThenResumeAll() {
        loop.pauseAll();
        boolean stopped = loop.allStopped();
        loop.resumeAll();
        return stopped;
    }
}
