package org.runstate.qmp;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.runstate.core.event.EventSubscription;

/**
 * Writes one client's outbox to its connection from whichever thread calls {@link #flush}: the
 * reader after handling input, the writer thread when woken. One CAS flag makes a single thread
 * the writer at a time, so items go out whole and in the bus's order; a caller that finds the flag
 * taken leaves at once, and the holder looks at the outbox again after letting go, so an item
 * queued meanwhile is never stranded. Proven by {@code OutboxWriterStress} (jcstress).
 */
final class OutboxWriter {
    /** Where items go: one at a time, never concurrently. */
    @FunctionalInterface
    interface Sink {
        /**
         * Writes one item.
         *
         * @param item an item of the outbox
         * @return false to stop: the item was the end of the output
         * @throws IOException if the connection failed
         */
        boolean write(Object item) throws IOException;
    }

    private final EventSubscription outbox;
    private final Sink sink;
    private final AtomicBoolean writing = new AtomicBoolean();

    OutboxWriter(final EventSubscription outbox, final Sink sink) {
        this.outbox = outbox;
        this.sink = sink;
    }

    /**
     * Writes what is queued unless another thread is writing (it then writes this too).
     *
     * @return true when the output has ended: the sink stopped or the outbox overflowed
     * @throws IOException if the sink failed
     */
    boolean flush() throws IOException {
        do {
            if (!writing.compareAndSet(false, true)) {
                return false;
            }
            try {
                Object item;
                while ((item = outbox.poll()) != null) {
                    if (!sink.write(item)) {
                        return true;
                    }
                }
            } finally {
                writing.set(false);
            }
            if (outbox.isOverflowed()) {
                return true;
            }
        } while (!outbox.isEmpty());
        return false;
    }
}
