package org.runstate.machine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.runstate.core.Machine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The qtest server, fed connections by the {@code -qtest} chardev (a listening socket or, as
 * libqtest uses it, a client connection): one thread per connection reads lines (bounded length),
 * runs each on the machine's control thread and writes the reply. At most
 * {@link #MAX_CONNECTIONS} are served at once (QEMU serves one; more is a runstate addition);
 * further ones are closed at once and logged. {@link #close()} also closes the open connections,
 * which ends their threads.
 */
final class QtestServer implements AutoCloseable {
    /**
     * Longest accepted line: room for the largest {@code write} QtestProtocol takes (two hex
     * digits a byte) and its words; a longer line is answered with an error and dropped.
     */
    static final int MAX_LINE = 2 * QtestProtocol.MAX_TRANSFER + 64;
    /** Connections served at once on one qtest socket: bounds the threads a peer can make us start. */
    static final int MAX_CONNECTIONS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(QtestServer.class);

    private final Machine machine;
    private final QtestProtocol protocol;
    private final QtestLog log;
    /** Open connections and their output streams; a stream's monitor orders replies and IRQ lines. */
    private final Map<SocketChannel, OutputStream> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    QtestServer(final Machine machine, final GuestIo io, final java.util.function.Function<String[], String> extension,
            final QtestLog log) {
        this.machine = machine;
        this.protocol = new QtestProtocol(machine, io, extension, this::broadcast);
        this.log = log;
    }

    /** Closes every open connection (QEMU's exit closes them too). */
    @Override
    public void close() {
        closed = true;
        connections.keySet().forEach(QtestServer::closeQuietly);
    }

    /**
     * An asynchronous {@code IRQ raise|lower N} line to every connection, as QEMU's qtest sends
     * it; a line a command causes arrives before that command's reply.
     */
    private void broadcast(final String line) {
        connections.forEach((ch, out) -> {
            try {
                send(out, line);
            } catch (IOException e) {
                LOG.debug("qtest connection gone while sending {}", line, e);
            }
        });
    }

    private void send(final OutputStream out, final String line) throws IOException {
        synchronized (out) {
            log.sent(line);
            out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static void closeQuietly(final SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a qtest connection failed", e);
        }
    }

    /**
     * Serves one connection on a thread of its own.
     *
     * @param ch the connection; the server owns it from now on
     * @return completes when the connection has ended
     */
    synchronized CompletableFuture<Void> serve(final SocketChannel ch) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        if (connections.size() >= MAX_CONNECTIONS) {
            LOG.warn("refusing a qtest client: {} connections already open", MAX_CONNECTIONS);
            closeQuietly(ch);
            ended.complete(null);
            return ended;
        }
        OutputStream output = Channels.newOutputStream(ch);
        connections.put(ch, output);
        protocol.connectionOpened();
        if (closed) { // accepted while closing: close() may have missed it
            connections.remove(ch);
            closeQuietly(ch);
            ended.complete(null);
            return ended;
        }
        Thread t = new Thread(() -> {
            try (ch; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.ISO_8859_1)); OutputStream out = output) {
                String line;
                while ((line = readLine(in)) != null) {
                    String request = line;
                    log.received(request);
                    String reply;
                    try {
                        reply = request.length() > MAX_LINE ? "ERR line too long"
                                : machine.submit(() -> protocol.handle(request)).join();
                    } catch (CompletionException e) {
                        return; // the machine has ended
                    }
                    send(out, reply);
                }
            } catch (IOException e) {
                LOG.debug("qtest connection ended", e);
            } finally {
                connections.remove(ch);
                ended.complete(null);
            }
        }, "qtest-client");
        t.setDaemon(true);
        t.start();
        return ended;
    }

    /** Reads a line of at most MAX_LINE + 1 characters, discarding the rest of a longer one. */
    private static String readLine(final BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() <= MAX_LINE) {
                sb.append((char) c);
            }
        }
        return sb.length() > 0 ? sb.toString() : null;
    }
}
