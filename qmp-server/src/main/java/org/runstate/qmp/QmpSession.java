package org.runstate.qmp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.runstate.core.event.EventBus;
import org.runstate.core.event.OrderedChannel;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.qmp.json.JsonMessage;
import org.runstate.qmp.json.JsonStreamer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected QMP client: a reader thread that frames its byte stream and dispatches requests,
 * and output sent in the event bus's global order: the greeting, responses and (once negotiated)
 * events.
 *
 * <p>Output is written by whichever thread holds the single writing role ({@link OutboxWriter}):
 * the thread that delivered it, right away, as far as the socket takes it without waiting (an
 * event goes to every other client from the thread that emitted it, before that thread goes on to
 * the command's reply, as QEMU's main loop writes an event to every monitor as it is emitted; a
 * reply of a command the control thread ran goes out from the control thread); the reader, which
 * flushes after handling what it read (a command the control loop ran on the reader is thus
 * answered without waking any other thread); and the writer thread, woken for what the socket
 * would not take at once. Only this client's reader and writer ever wait for its socket: the
 * machine and the other clients never do.
 *
 * <p>Flow control is QEMU's: without OOB one in-band request is in flight and nothing more is read
 * until it is answered; with OOB up to 8. {@code exec-oob} requests are answered at once from the
 * reader. The outbound queue is bounded: a client that stops reading is cut off when it fills,
 * so it cannot hold up the machine or other clients.
 */
final class QmpSession implements QmpSessionState {
    private static final Logger LOG = LoggerFactory.getLogger(QmpSession.class);
    /** QEMU's QMP_REQ_QUEUE_LEN_MAX with OOB enabled. */
    static final int OOB_QUEUE_LIMIT = 8;

    private final SocketChannel channel;
    /** Whether a write would complete at once: what lets other threads write to this client. */
    private final SocketRoom room;
    /** {@code -mon ...,pretty=on}: messages are written indented, as QEMU's pretty JSON writer. */
    private final boolean pretty;
    private final String peer;
    private final QmpDispatcher dispatcher;
    /** This client's output in the bus's global order: greeting, replies, then (once negotiated) events. */
    private final OrderedChannel<Object> outbox;
    private final JsonStreamer streamer;
    private final Runnable onClosed;
    private final ReentrantLock inFlightLock = new ReentrantLock();
    private final Condition inFlightDrop = inFlightLock.newCondition();
    private int inFlight;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile boolean commandMode;
    /** Set by negotiation: the next in-band reply (qmp_capabilities') also turns events on. */
    private volatile boolean enableEventsWithNextReply;
    private volatile boolean oob;
    private volatile boolean closed;
    private volatile boolean draining;
    /** Posted last when the server closes: the writer stops when it reaches it. */
    private static final Object END_OF_OUTPUT = new Object();
    private volatile Thread writer;
    private volatile Thread reader;
    /** Reader thread only: it is handling input and flushes the output afterwards itself. */
    private boolean readerWillFlush;
    /** Writes the outbox from the reader or the writer thread, one at a time, in order. */
    private final OutboxWriter output;
    /** Counted down once nothing more will be written: the connection is closed. */
    private final CountDownLatch finished = new CountDownLatch(1);

    QmpSession(final SocketChannel channel, final String peer, final QmpDispatcher dispatcher, final EventBus bus,
            final QmpServerOptions options, final boolean pretty, final Runnable onClosed) {
        this.channel = channel;
        this.room = SocketRoom.of(channel);
        this.pretty = pretty;
        this.peer = peer;
        this.dispatcher = dispatcher;
        this.onClosed = onClosed;
        this.outbox = bus.openChannel(options.outboundQueueCapacity(), event -> event, this::onOutboxReady);
        this.output = new OutboxWriter(outbox, this::encode, new OutboxWriter.Channel() {
            @Override
            public void write(final ByteBuffer src) throws IOException {
                while (src.hasRemaining()) {
                    channel.write(src);
                }
            }

            @Override
            public boolean takesNow(final int bytes) {
                return room.takesNow(bytes);
            }
        });
        this.streamer = new JsonStreamer(this::onMessage, options.maxMessageBytes(), JsonStreamer.DEFAULT_MAX_TOKEN_COUNT,
                JsonStreamer.DEFAULT_MAX_NESTING);
        outbox.post(options.greeting());
    }

    void start(final String name) {
        Thread w = new Thread(this::writeLoop, name + "-out");
        w.setDaemon(true);
        writer = w;
        w.start();
        Thread r = new Thread(this::readLoop, name + "-in");
        r.setDaemon(true);
        reader = r;
        r.start();
    }

    @Override
    public boolean commandMode() {
        return commandMode;
    }

    @Override
    public boolean oobEnabled() {
        return oob;
    }

    @Override
    public void negotiated(final boolean enableOob) {
        oob = enableOob;
        commandMode = true;
        enableEventsWithNextReply = true;
    }

    /** Sends what is already queued, then closes: used when the machine ends. */
    void drainAndClose(final long deadlineNanos) {
        draining = true;
        // A command still in flight posts its reply before it leaves the in-flight count; the end
        // marker goes through the same ordered bus after that, so the writer sends the reply
        // (QEMU flushes quit's reply in monitor_cleanup) before it closes the connection.
        inFlightLock.lock();
        try {
            while (inFlight > 0 && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                inFlightDrop.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlightLock.unlock();
        }
        outbox.post(END_OF_OUTPUT);
    }

    /** Closes at once; queued, not yet dispatched requests are dropped as in QEMU. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        outbox.close();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: close failed", peer, e);
        }
        inFlightLock.lock();
        try {
            inFlightDrop.signalAll();
        } finally {
            inFlightLock.unlock();
        }
        wakeWriter();
        finished.countDown();
        onClosed.run();
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (!closed) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                readerWillFlush = true;
                try {
                    streamer.feed(buf.array(), 0, n);
                } finally {
                    readerWillFlush = false;
                }
                flush();
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("{}: read failed", peer, e);
            }
        } finally {
            if (!draining) {
                close();
            }
        }
    }

    private void onMessage(final JsonMessage message) {
        if (closed) {
            return;
        }
        if (QmpDispatcher.isOob(message)) {
            if (!oob) {
                // without OOB QEMU reads nothing while a request is outstanding
                awaitNoneInFlight();
            }
            dispatcher.dispatch(this, message).thenAccept(this::send);
            return;
        }
        awaitRoomInFlight();
        synchronized (this) {
            tail = tail.thenCompose(v -> closed ? CompletableFuture.completedFuture(null) : dispatcher.dispatch(this, message))
                    .handle((line, failure) -> {
                        if (failure != null) {
                            LOG.error("{}: command failed unexpectedly", peer, failure);
                        } else if (line != null) {
                            send(line);
                        }
                        leaveInFlight();
                        return null;
                    });
        }
    }

    private void awaitRoomInFlight() {
        flush(); // before the reader blocks: what it queued must go out, the reply it waits for may follow
        inFlightLock.lock();
        try {
            while (!closed && inFlight >= (oob ? OOB_QUEUE_LIMIT : 1)) {
                inFlightDrop.awaitUninterruptibly();
            }
            inFlight++;
        } finally {
            inFlightLock.unlock();
        }
    }

    private void awaitNoneInFlight() {
        flush(); // before the reader blocks: what it queued must go out, the reply it waits for may follow
        inFlightLock.lock();
        try {
            while (!closed && inFlight > 0) {
                inFlightDrop.awaitUninterruptibly();
            }
        } finally {
            inFlightLock.unlock();
        }
    }

    private void leaveInFlight() {
        inFlightLock.lock();
        try {
            inFlight--;
            inFlightDrop.signalAll();
        } finally {
            inFlightLock.unlock();
        }
    }

    private void send(final String line) {
        if (closed) {
            return;
        }
        if (enableEventsWithNextReply) {
            enableEventsWithNextReply = false;
            outbox.postAndStartEvents(line); // no event can slip in before this reply
        } else {
            outbox.post(line);
        }
    }

    /**
     * The bus's callback, on the thread that delivered the item (it emitted an event, posted a
     * reply or drained the bus for others): writes it now if the socket takes it at once, unless
     * the reader is about to flush it anyway; else the writer thread does. On overflow the writer
     * is usually blocked in a write to a client that does not read, where no wake-up reaches it:
     * closing the channel ends that write.
     */
    private void onOutboxReady() {
        if (closed) {
            return;
        }
        if (outbox.isOverflowed()) {
            LOG.warn("{}: client does not read its output; outbound queue full, disconnecting", peer);
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("{}: close failed", peer, e);
            }
            wakeWriter();
            return;
        }
        Thread self = Thread.currentThread();
        if (self == reader && readerWillFlush) {
            return; // the reader writes this itself once it has handled its input
        }
        if (self == writer || self.isInterrupted()) {
            // (an I/O call on an interrupted thread would close the channel: InterruptibleChannel)
            wakeWriter();
            return;
        }
        OutboxWriter out = output;
        if (out == null) {
            return; // not built yet: nothing is delivered before the greeting, which start() flushes
        }
        OutboxWriter.Flush r = out.flush(false);
        if (r == OutboxWriter.Flush.DEFERRED || r == OutboxWriter.Flush.ENDED) {
            wakeWriter();
        }
    }

    private void wakeWriter() {
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    private void writeLoop() {
        while (!closed) {
            flush();
            if (closed || outbox.isOverflowed()) {
                break;
            }
            LockSupport.park(this);
        }
        close();
    }

    /**
     * Writes what is queued (unless another thread is), waiting for the socket as long as it takes:
     * the reader and the writer thread only. The end marker or a failure closes.
     */
    private void flush() {
        if (closed) {
            return;
        }
        if (output.flush(true) == OutboxWriter.Flush.ENDED) {
            IOException e = output.failure();
            if (e != null && !closed) {
                LOG.debug("{}: write failed", peer, e);
            }
            close();
        }
    }

    /** The bytes of an outbox item; null for the end marker. */
    private ByteBuffer encode(final Object item) {
        if (item == END_OF_OUTPUT) {
            return null;
        }
        String line = item instanceof TimestampedEvent e ? QmpMessages.event(e) : (String) item;
        return ByteBuffer.wrap((pretty ? QmpMessages.pretty(line) : line).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Waits until the writer has sent what it owed and closed the connection.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline
     * @return true if it finished in time
     */
    boolean awaitFinished(final long deadlineNanos) {
        try {
            return finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
