package org.runstate.stress.qmp;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.event.OrderedChannel;
import org.runstate.qmp.OutboxWriter;

/**
 * jcstress proof of {@link OutboxWriter}, the combining writer of a QMP client, on a socket with
 * room for everything: two threads (the reader with its reply, and a thread that emitted an event and
 * writes it to this client at once) each queue an item and flush. Every item is written exactly
 * once, never by two threads at once, and neither is stranded in the outbox after both flushes
 * returned. {@link OutboxWriterDeferredStress} covers a socket without room for the emitter.
 *
 * <p>r1 = items written, r2 = times the socket was entered while another thread was in it,
 * r3 = items left in the outbox.
 */
@JCStressTest
@Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "both written once, one writer at a time, nothing left")
@Outcome(id = ".*, .*, [1-9]", expect = FORBIDDEN, desc = "an item was stranded in the outbox")
@Outcome(id = "[013-9], .*, .*", expect = FORBIDDEN, desc = "an item lost or written twice")
@Outcome(id = ".*, [1-9], .*", expect = FORBIDDEN, desc = "two threads wrote at once")
@State
public class OutboxWriterStress {
    private final EventBus bus = new EventBus(new RealtimeClock(() -> { }), () -> 0L);
    private final OrderedChannel<Object> outbox = bus.openChannel(16, event -> event, () -> { });
    private final AtomicInteger inSocket = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final StringBuilder written = new StringBuilder(); // guarded by the writer's exclusion
    private final OutboxWriter writer = new OutboxWriter(outbox,
            item -> ByteBuffer.wrap(((String) item).getBytes(StandardCharsets.US_ASCII)), new OutboxWriter.Channel() {
                @Override
                public void write(final ByteBuffer src) {
                    if (inSocket.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    while (src.hasRemaining()) {
                        written.append((char) src.get());
                    }
                    inSocket.decrementAndGet();
                }

                @Override
                public boolean takesNow(final int bytes) {
                    return true;
                }
            });

    @Actor
    public void reader() {
        outbox.post("R");
        writer.flush(true);
    }

    @Actor
    public void emitter() {
        outbox.post("E");
        writer.flush(false);
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r1 = written.length();
        r.r2 = overlaps.get();
        int left = 0;
        while (outbox.poll() != null) {
            left++;
        }
        r.r3 = left;
    }
}
