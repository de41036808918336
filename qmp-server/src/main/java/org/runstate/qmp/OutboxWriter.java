package org.runstate.qmp;

import com.google.common.annotations.VisibleForTesting;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.runstate.core.event.OrderedChannel;

/**
 * Writes one client's outbox to its connection from whichever thread calls {@link #flush}: a
 * thread that just delivered an item (an event it emitted goes to every other client at once, as
 * QEMU's main loop writes an event to every monitor), the reader after handling input, the writer
 * thread when woken.
 *
 * <p>One CAS flag makes a single thread the writer at a time, so items go out whole, once, and in
 * the bus's order; a caller that finds the flag taken leaves at once ({@link Flush#BUSY}), and the
 * holder looks at the outbox again after letting go, so an item queued meanwhile is never stranded.
 *
 * <p>A flush that must not wait ({@code mayWait} false: any thread but the client's own reader and
 * writer) writes an item only if the socket takes it at once ({@link Channel#takesNow}); otherwise
 * the item stays here, encoded, as pending bytes owned by whoever holds the flag next, and the
 * flush answers {@link Flush#DEFERRED}: its caller must wake the writer thread, which writes it
 * (waiting for the socket if need be). The end marker ends the output for every later flush.
 * Proven by {@code OutboxWriterStress}, {@code OutboxWriterDeferredStress} and
 * {@code OutboxWriterEndStress} (jcstress).
 *
 * <p>Public only so that those jcstress tests, in the {@code stress} module's own package, can
 * race it; embedders never need it ({@link QmpServer} makes one per client).
 */
@VisibleForTesting
public final class OutboxWriter {
    /** What a {@link #flush} did. */
    public enum Flush {
        /** Everything queued was written; the outbox was empty after the flag was let go. */
        DONE,
        /** Another thread holds the writing role; it writes what this caller queued. */
        BUSY,
        /**
         * The socket would have made this caller wait: bytes (and perhaps items) are left. The
         * caller must wake the writer thread; nobody else writes them.
         */
        DEFERRED,
        /** The output has ended: the end marker was written, the outbox overflowed or a write failed. */
        ENDED
    }

    /** Turns an outbox item into the bytes to send. */
    @FunctionalInterface
    public interface Encoder {
        /**
         * Encodes one item.
         *
         * @param item an item of the outbox
         * @return its bytes, or null: the item is the end of the output
         */
        ByteBuffer encode(Object item);
    }

    /** The connection. */
    public interface Channel {
        /**
         * Writes all of {@code src}, waiting for the socket as long as it takes.
         *
         * @param src the bytes
         * @throws IOException if the connection failed
         */
        void write(ByteBuffer src) throws IOException;

        /**
         * Whether a write of {@code bytes} would complete now, without waiting for the peer.
         *
         * @param bytes the size of the write
         * @return true only if the write is certain not to wait
         */
        boolean takesNow(int bytes);
    }

    private final OrderedChannel<?> outbox;
    private final Encoder encoder;
    private final Channel channel;
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Encoded bytes a flush that must not wait left for the writer; under {@link #writing}. */
    private ByteBuffer pending;
    /** The end marker was taken from the outbox; under {@link #writing}. */
    private boolean endTaken;
    private volatile boolean ended;
    private volatile IOException failure;

    /**
     * Creates the writer of one client.
     *
     * @param outbox the client's ordered channel on the event bus (greeting, replies, events, the end marker)
     * @param encoder turns an item into bytes
     * @param channel the connection
     */
    public OutboxWriter(final OrderedChannel<?> outbox, final Encoder encoder, final Channel channel) {
        this.outbox = outbox;
        this.encoder = encoder;
        this.channel = channel;
    }

    /**
     * Writes what is queued unless another thread is writing (it then writes this too).
     *
     * @param mayWait whether this thread may wait for the socket (the client's reader and writer
     *     thread may; a thread that only delivered the item must not)
     * @return what happened; after {@link Flush#DEFERRED} the caller must wake the writer thread
     */
    public Flush flush(final boolean mayWait) {
        do {
            if (ended) {
                return Flush.ENDED;
            }
            if (!writing.compareAndSet(false, true)) {
                return Flush.BUSY;
            }
            try {
                if (endTaken) { // taken by a thread that held the flag since this one looked at ended
                    return Flush.ENDED;
                }
                for (;;) {
                    ByteBuffer out = pending;
                    if (out == null) {
                        Object item = outbox.poll();
                        if (item == null) {
                            break;
                        }
                        out = encoder.encode(item);
                        if (out == null) {
                            endTaken = true;
                            break;
                        }
                    }
                    if (!mayWait && !channel.takesNow(out.remaining())) {
                        pending = out;
                        return Flush.DEFERRED;
                    }
                    pending = null;
                    channel.write(out);
                }
                if (endTaken) {
                    ended = true;
                    return Flush.ENDED;
                }
            } catch (IOException e) {
                failure = e;
                ended = true;
                return Flush.ENDED;
            } finally {
                writing.set(false);
            }
            if (outbox.isOverflowed()) {
                return Flush.ENDED;
            }
        } while (!outbox.isEmpty());
        return Flush.DONE;
    }

    /**
     * Whether encoded bytes are waiting for the writer thread; for tests, when no flush runs.
     *
     * @return true if pending bytes are held
     */
    public boolean hasPending() {
        return pending != null;
    }

    /**
     * Why the output ended, if a write failed.
     *
     * @return the failure, or null
     */
    IOException failure() {
        return failure;
    }
}
