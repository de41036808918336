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

/**
 * Family 3b: emission to delivery latency across threads. The benchmark thread emits one event; a
 * subscriber thread, spinning over all 1 or 16 inboxes, acknowledges once every inbox has
 * delivered it; a sample is emit to acknowledgement. The acknowledgement path (one volatile
 * counter) is the same for every implementation, so differences are the queues'.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class EventLatencyBenchmark {
    @Param({"1", "16"})
    public int subscribers;

    @Param({"EVENT_BUS", "ARRAY_BLOCKING_QUEUE", "LINKED_BLOCKING_QUEUE"})
    public EventFanout.Kind kind;

    private EventFanout fanout;
    private Thread subscriber;
    private volatile boolean running;
    private volatile long acknowledged;
    private long emitted;

    @Setup(Level.Trial)
    public void setUp() {
        fanout = EventFanout.create(kind, subscribers);
        running = true;
        subscriber = new Thread(this::subscriberLoop, "subscriber");
        subscriber.setDaemon(true);
        subscriber.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        subscriber.join();
    }

    private void subscriberLoop() {
        int n = subscribers;
        long seen = 0;
        while (running) {
            // one event is in flight at a time: take it from every inbox, then acknowledge
            for (int i = 0; i < n && running; i++) {
                while (fanout.poll(i) == null && running) {
                    Thread.onSpinWait();
                }
            }
            acknowledged = ++seen;
        }
    }

    @Benchmark
    public long emitToDelivery() {
        long target = ++emitted;
        fanout.emit();
        while (acknowledged != target) {
            Thread.onSpinWait();
        }
        return target;
    }
}
