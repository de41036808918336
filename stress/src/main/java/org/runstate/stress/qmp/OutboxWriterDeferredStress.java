package org.runstate.stress.qmp;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.event.OrderedChannel;
import org.runstate.qmp.OutboxWriter;

/**
 * jcstress proof of {@link OutboxWriter} when the socket lacks room: an emitter queues a 4-byte
 * event and writes it at once, which it may only do if the socket takes it without waiting (2
 * bytes of room to begin with), while the reader makes room (its client read 4 bytes), queues its
 * 4-byte reply and flushes, waiting for the socket if need be. What the emitter may not write stays
 * encoded as pending bytes, owned by whoever holds the flag next, and the emitter is answered
 * {@code DEFERRED}, which obliges it to wake the writer thread; the arbiter pays that debt as the
 * writer thread would.
 *
 * <p>Then every byte of both items is written exactly once, each item whole and in one order
 * ({@code EEEERRRR} or {@code RRRREEEE}), never by two threads at once; the emitter never writes
 * more than the socket has room for (it would wait); and if no flush answered {@code DEFERRED},
 * nothing was left behind (no pending bytes, no item in the outbox) when both flushes returned.
 *
 * <p>r1 = 1 if the bytes are one of the two orders, r2 = times the socket was entered while another
 * thread was in it, r3 = 1 if something was left although nobody was told to wake the writer,
 * r4 = writes by the emitter beyond the room, r5 = 1 if bytes the emitter deferred were written by
 * the reader.
 */
@JCStressTest
@Outcome(id = "1, 0, 0, 0, 0", expect = ACCEPTABLE, desc = "in one order; the emitter wrote or deferred to the writer thread")
@Outcome(id = "1, 0, 0, 0, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "in one order; the reader wrote what the emitter had deferred")
@Outcome(id = "0, .*, .*, .*, .*", expect = FORBIDDEN, desc = "bytes lost, repeated or interleaved")
@Outcome(id = ".*, [1-9], .*, .*, .*", expect = FORBIDDEN, desc = "two threads wrote at once")
@Outcome(id = ".*, .*, 1, .*, .*", expect = FORBIDDEN, desc = "output stranded: left over, and nobody wakes the writer")
@Outcome(id = ".*, .*, .*, [1-9], .*", expect = FORBIDDEN, desc = "the emitter wrote more than the socket takes: it waited")
@State
public class OutboxWriterDeferredStress {
    private static final int ITEM_BYTES = 4;

    private final EventBus bus = new EventBus(new RealtimeClock(() -> { }), () -> 0L);
    private final OrderedChannel<Object> outbox = bus.openChannel(16, event -> event, () -> { });
    /** Bytes the socket takes without waiting: the writers use room up, the client makes it. */
    private final AtomicInteger room = new AtomicInteger(2);
    private final AtomicInteger inSocket = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger deferred = new AtomicInteger();
    private final AtomicInteger emitterWaited = new AtomicInteger();
    private volatile Thread emitterThread;
    private volatile boolean emitterDeferredBytes;
    private volatile boolean handedOver;
    private final StringBuilder written = new StringBuilder(); // guarded by the writer's exclusion
    private final OutboxWriter writer = new OutboxWriter(outbox,
            item -> ByteBuffer.wrap(((String) item).repeat(ITEM_BYTES).getBytes(StandardCharsets.US_ASCII)),
            new OutboxWriter.Channel() {
                @Override
                public void write(final ByteBuffer src) {
                    if (inSocket.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    boolean byEmitter = Thread.currentThread() == emitterThread;
                    if (byEmitter && src.remaining() > room.get()) {
                        emitterWaited.incrementAndGet();
                    }
                    if (!byEmitter && emitterDeferredBytes) {
                        handedOver = true;
                    }
                    room.addAndGet(-Math.min(src.remaining(), room.get())); // a blocking write: all of it goes
                    while (src.hasRemaining()) {
                        written.append((char) src.get());
                    }
                    inSocket.decrementAndGet();
                }

                @Override
                public boolean takesNow(final int bytes) {
                    return bytes <= room.get();
                }
            });

    @Actor
    public void emitter() {
        emitterThread = Thread.currentThread();
        outbox.post("E");
        if (writer.flush(false) == OutboxWriter.Flush.DEFERRED) {
            deferred.incrementAndGet();
            emitterDeferredBytes = writer.hasPending();
        }
    }

    @Actor
    public void reader() {
        room.addAndGet(ITEM_BYTES); // the client read some
        outbox.post("R");
        if (writer.flush(true) == OutboxWriter.Flush.DEFERRED) {
            deferred.incrementAndGet(); // never: the reader may wait
        }
    }

    @Arbiter
    public void arbiter(final IIIII_Result r) {
        boolean owed = deferred.get() > 0;
        boolean left = writer.hasPending() || !outbox.isEmpty();
        boolean handed = handedOver;
        emitterThread = null;
        if (owed) {
            writer.flush(true); // the writer thread, woken by the emitter
        }
        String s = written.toString();
        r.r1 = s.equals("EEEERRRR") || s.equals("RRRREEEE") ? 1 : 0;
        r.r2 = overlaps.get();
        r.r3 = left && !owed ? 1 : 0;
        r.r4 = emitterWaited.get();
        r.r5 = handed ? 1 : 0;
    }
}
