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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Family 3a: events emitted and delivered per second, with 1 and 16 subscribers: one emission
 * (timestamp, global order, fan-out into every bounded inbox) followed by every subscriber taking
 * its copy, all on one thread, so the figure is the data structures' cost without wake-ups.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class EventThroughputBenchmark {
    @Param({"1", "16"})
    public int subscribers;

    @Param({"EVENT_BUS", "ARRAY_BLOCKING_QUEUE", "LINKED_BLOCKING_QUEUE"})
    public EventFanout.Kind kind;

    private EventFanout fanout;

    @Setup(Level.Trial)
    public void setUp() {
        fanout = EventFanout.create(kind, subscribers);
    }

    @Benchmark
    public void emitAndDeliver(final Blackhole bh) {
        fanout.emit();
        for (int i = 0; i < subscribers; i++) {
            bh.consume(fanout.poll(i));
        }
    }
}
