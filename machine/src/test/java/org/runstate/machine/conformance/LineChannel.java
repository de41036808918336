package org.runstate.machine.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.runstate.testkit.LineClient;

/**
 * A unix stream socket read line by line with deadlines, like {@code run.py}'s {@code LineSocket}.
 * Reads wait in {@link Selector#select(long)}, never in a sleep, so a line is seen as soon as it
 * arrives and no wait is unbounded.
 *
 * <p>One deliberate difference: a failed write (the peer has gone) does not mark the stream as
 * ended, because bytes the peer sent before closing may still be unread; end of stream is only
 * what a read reports. {@code run.py} can lose such bytes when it has no settle time.
 */
final class LineChannel implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(65536);
    private byte[] buf = new byte[0];
    private boolean eof;
    private boolean writeFailed;

    private LineChannel(final SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    /**
     * Connects to a listening unix socket. The in-process launcher has bound its sockets before
     * {@code launch} returns, so there is nothing to poll for.
     *
     * @param path the socket path
     * @return the connection
     * @throws IOException if the socket cannot be connected
     */
    static LineChannel connect(final Path path) throws IOException {
        return new LineChannel(LineClient.connectedChannel(path));
    }

    /**
     * Whether the peer closed the stream (seen by a read).
     *
     * @return true after end of stream
     */
    boolean eof() {
        return eof;
    }

    /**
     * Writes all bytes, waiting at most until the deadline for buffer space.
     *
     * @param data the bytes
     * @param deadlineNanos {@link System#nanoTime()} deadline
     * @throws IOException if the peer does not take the bytes in time
     */
    void send(final byte[] data, final long deadlineNanos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining() && !writeFailed) {
            int n;
            try {
                n = channel.write(b);
            } catch (IOException e) {
                writeFailed = true; // broken pipe / reset: the peer has gone; reads will report EOF
                return;
            }
            if (n == 0) {
                // the peer is not reading: wait for room, bounded
                key.interestOps(SelectionKey.OP_WRITE);
                try {
                    long left = millisUntil(deadlineNanos);
                    if (left <= 0 || selector.select(left) == 0) {
                        throw new IOException("the peer took no input within the deadline (sending "
                                + printable(data) + ")");
                    }
                    selector.selectedKeys().clear();
                } finally {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        }
    }

    /**
     * One line including its {@code \n}, or at end of stream the unterminated rest; null on
     * timeout or end of stream (see {@link #eof()}).
     *
     * @param deadlineNanos {@link System#nanoTime()} deadline
     * @return the line or null
     * @throws IOException on a selector failure
     */
    byte[] readLine(final long deadlineNanos) throws IOException {
        while (true) {
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    byte[] line = Arrays.copyOfRange(buf, 0, i + 1);
                    buf = Arrays.copyOfRange(buf, i + 1, buf.length);
                    return line;
                }
            }
            if (!fill(deadlineNanos)) {
                if (eof && buf.length > 0) {
                    byte[] rest = buf;
                    buf = new byte[0];
                    return rest;
                }
                return null;
            }
        }
    }

    /** Reads more bytes; false on timeout or end of stream. */
    private boolean fill(final long deadlineNanos) throws IOException {
        if (eof) {
            return false;
        }
        while (true) {
            readBuffer.clear();
            int n;
            try {
                n = channel.read(readBuffer);
            } catch (IOException e) {
                n = -1; // connection reset counts as end of stream, as in run.py
            }
            if (n < 0) {
                eof = true;
                return false;
            }
            if (n > 0) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length + n);
                out.write(buf, 0, buf.length);
                out.write(readBuffer.array(), 0, n);
                buf = out.toByteArray();
                return true;
            }
            long left = millisUntil(deadlineNanos);
            if (left <= 0) {
                return false;
            }
            selector.select(left);
            selector.selectedKeys().clear();
        }
    }

    private static long millisUntil(final long deadlineNanos) {
        long ns = deadlineNanos - System.nanoTime();
        // round up so that a deadline 0.4 ms away still waits instead of spinning
        return ns <= 0 ? 0 : Math.max(1, (ns + 999_999) / 1_000_000);
    }

    private static String printable(final byte[] data) {
        String s = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // best effort
        }
        try {
            channel.close();
        } catch (IOException e) {
            // best effort
        }
    }
}
