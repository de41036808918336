package org.runstate.stress.qmp;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.event.OrderedChannel;
import org.runstate.qmp.OutboxWriter;

/**
 * jcstress proof of how {@link OutboxWriter} ends: the server's close queues the end marker and
 * flushes (as the writer thread) while an emitter queues an event and flushes. Whichever thread
 * takes the marker, what was queued before it is written once and nothing queued after it is ever
 * written; the end is remembered, so the writer thread, flushing afterwards with more queued,
 * learns it ({@code ENDED}) even when another thread took the marker, and writes nothing.
 *
 * <p>r1 = copies of the event, written or still in the outbox, r2 = items encoded after the end
 * marker, r3 = 1 if a later flush (one more item queued) answered {@code ENDED}, r4 = 1 if the
 * event was written (it came before the marker) or 0 (after it).
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "the event came before the end marker: written")
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "the event came after the end marker: never written")
@Outcome(id = "([02-9]|[1-9][0-9]+), .*, .*, .*", expect = FORBIDDEN, desc = "the event lost or written twice")
@Outcome(id = ".*, [1-9], .*, .*", expect = FORBIDDEN, desc = "something written after the end marker")
@Outcome(id = ".*, .*, 0, .*", expect = FORBIDDEN, desc = "the end was forgotten: the writer thread would go on")
@State
public class OutboxWriterEndStress {
    private static final Object END = new Object();

    private final EventBus bus = new EventBus(new RealtimeClock(() -> { }), () -> 0L);
    private final OrderedChannel<Object> outbox = bus.openChannel(16, event -> event, () -> { });
    private final StringBuilder written = new StringBuilder(); // guarded by the writer's exclusion
    private boolean endEncoded; // likewise
    private int encodedAfterEnd; // likewise
    private final OutboxWriter writer = new OutboxWriter(outbox, this::encode, new OutboxWriter.Channel() {
        @Override
        public void write(final ByteBuffer src) {
            while (src.hasRemaining()) {
                written.append((char) src.get());
            }
        }

        @Override
        public boolean takesNow(final int bytes) {
            return true;
        }
    });

    private ByteBuffer encode(final Object item) {
        if (endEncoded) {
            encodedAfterEnd++;
        }
        if (item == END) {
            endEncoded = true;
            return null;
        }
        return ByteBuffer.wrap(((String) item).getBytes(StandardCharsets.US_ASCII));
    }

    @Actor
    public void emitter() {
        outbox.post("E");
        writer.flush(false);
    }

    @Actor
    public void closer() {
        outbox.post(END);
        writer.flush(true);
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        outbox.post("X"); // queued after the end: the writer thread must not write it
        r.r3 = writer.flush(true) == OutboxWriter.Flush.ENDED ? 1 : 0;
        int eWritten = (int) written.chars().filter(c -> c == 'E').count();
        int eLeft = 0;
        Object item;
        while ((item = outbox.poll()) != null) {
            if ("E".equals(item)) {
                eLeft++;
            }
        }
        r.r1 = eWritten + eLeft;
        r.r2 = encodedAfterEnd;
        r.r4 = eWritten;
    }
}
