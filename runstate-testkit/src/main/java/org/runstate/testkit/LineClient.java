package org.runstate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The line-oriented client of the tests, for QMP (lines end in CRLF) and qtest (LF) over a unix
 * socket: send a line, read a line with a timeout, read until a line matches. Reads wait in
 * {@link Selector#select(long)}, so a line is seen as soon as it arrives and no wait is unbounded.
 * One thread at a time.
 */
public final class LineClient implements AutoCloseable {
    /** How long {@link #readLine()} waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16).flip();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LineClient(final SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /**
     * Connects to a listening unix socket.
     *
     * @param path the socket
     * @return the client
     * @throws IOException if the connection fails
     */
    public static LineClient connect(final Path path) throws IOException {
        return new LineClient(connectedChannel(path));
    }

    /**
     * A blocking channel connected to a listening unix socket, for clients with read rules of
     * their own; a failure names the path.
     *
     * @param path the socket
     * @return the connected channel
     * @throws IOException if the connection fails
     */
    public static SocketChannel connectedChannel(final Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client over a connection made elsewhere (one a listening test socket accepted).
     *
     * @param connected the connection
     * @return the client
     * @throws IOException if the channel cannot be set up
     */
    public static LineClient over(final SocketChannel connected) throws IOException {
        return new LineClient(connected);
    }

    /**
     * Sends text as it is (no terminator added).
     *
     * @param text what to send
     * @throws IOException if the peer is gone
     */
    public void send(final String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                Thread.onSpinWait(); // the peer's buffer is full: it is reading, slowly
            }
        }
    }

    /**
     * Sends one line, adding {@code \n}.
     *
     * @param text the line
     * @throws IOException if the peer is gone
     */
    public void sendLine(final String text) throws IOException {
        send(text + "\n");
    }

    /**
     * The next line without its terminator, waiting up to {@link #DEFAULT_TIMEOUT}.
     *
     * @return the line; at end of stream what came after the last terminator, or {@code null}
     * @throws IOException if the read fails or no line came in time
     */
    public String readLine() throws IOException {
        return readLine(DEFAULT_TIMEOUT);
    }

    /**
     * The next line without its terminator ({@code \n} or {@code \r\n}).
     *
     * @param timeout how long to wait
     * @return the line; at end of stream what came after the last terminator, or {@code null}
     * @throws IOException if the read fails or no line came in time
     */
    public String readLine(final Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        line.reset();
        while (true) {
            if (!in.hasRemaining()) {
                in.clear();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (n == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IOException("no line within " + timeout + "; so far: " + line.toString(StandardCharsets.UTF_8));
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                    selector.selectedKeys().clear();
                }
                continue;
            }
            byte b = in.get();
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /**
     * Reads lines until one matches, waiting up to {@link #DEFAULT_TIMEOUT} for each.
     *
     * @param match what ends the reading
     * @return the lines read, the matching one last
     * @throws IOException if the stream ends first, a read fails or no line came in time
     */
    public List<String> readUntil(final Predicate<String> match) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = readLine();
            if (l == null) {
                throw new IOException("end of stream before the expected line; read " + lines);
            }
            lines.add(l);
            if (match.test(l)) {
                return lines;
            }
        }
    }

    /**
     * Sends a line and returns the first line after it that is not a QMP event: the reply.
     *
     * @param request the request (one line)
     * @return the reply
     * @throws IOException if the stream ends first or no reply came in time
     */
    public String execute(final String request) throws IOException {
        sendLine(request);
        List<String> lines = readUntil(l -> !l.startsWith("{\"timestamp\""));
        return lines.get(lines.size() - 1);
    }

    /**
     * Closes the connection.
     *
     * @throws UncheckedIOException never in practice; closing a socket does not fail usefully
     */
    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
