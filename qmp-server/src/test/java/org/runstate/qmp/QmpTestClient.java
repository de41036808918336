package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A QMP client over a real socket for tests. A reader thread splits what arrives at CRLF and
 * queues the lines (without CRLF); every read is also kept as a chunk, so tests can see how the
 * bytes arrived. All waits are bounded.
 */
final class QmpTestClient implements AutoCloseable {
    /** How long any single wait may take before the test fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
            + "\"package\": \"runstate 0.1.0\"}, \"capabilities\": [\"oob\"]}}";
    static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";
    static final String PAUSED = "{\"status\": \"paused\", \"singlestep\": false, \"running\": false}";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Queued after the last line when the server closes the connection. */
    private static final String EOF = new String("<EOF>");

    private final SocketChannel channel;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

    private QmpTestClient(final SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects and starts reading. */
    static QmpTestClient connect(final SocketAddress address) throws IOException {
        return connectWithoutReading(address).startReading();
    }

    /** Connects but reads nothing until {@link #startReading()}: a client that does not take its output. */
    static QmpTestClient connectWithoutReading(final SocketAddress address) throws IOException {
        return new QmpTestClient(SocketChannel.open(address));
    }

    /** Starts the reader thread. */
    QmpTestClient startReading() {
        Thread reader = new Thread(this::readLoop, "qmp-test-client");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    /** Reads the greeting, negotiates without capabilities and checks the reply. */
    QmpTestClient negotiate() {
        assertThat(readLine()).isEqualTo(GREETING);
        send("{\"execute\": \"qmp_capabilities\"}\n");
        assertThat(readLine()).isEqualTo("{\"return\": {}}");
        return this;
    }

    /** Reads the greeting, negotiates with {@code oob} enabled and checks the reply. */
    QmpTestClient negotiateOob() {
        assertThat(readLine()).isEqualTo(GREETING);
        send("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}\n");
        assertThat(readLine()).isEqualTo("{\"return\": {}}");
        return this;
    }

    /** Writes the text (ASCII) in one write. */
    void send(final String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes; the whole array goes out before this returns. */
    void write(final byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the text one byte per write. */
    void sendByteByByte(final String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            write(new byte[] {b});
        }
    }

    /** Sends a request and returns the next line that is not an event. */
    String execute(final String request) {
        send(request + "\n");
        return readNonEvent();
    }

    /** The next line; fails on EOF or after {@link #TIMEOUT}. */
    String readLine() {
        String line = poll(TIMEOUT);
        if (line == null) {
            fail("no line from the server within " + TIMEOUT + "; received so far: " + rawText());
        }
        if (line == EOF) {
            fail("the server closed the connection; received: " + rawText());
        }
        return line;
    }

    /** The next line that is not an event, skipping events. */
    String readNonEvent() {
        while (true) {
            String line = readLine();
            if (eventName(line) == null) {
                return line;
            }
        }
    }

    /** The lines up to and including the first that contains {@code marker}. */
    List<String> readLinesThrough(final String marker) {
        return readThrough(marker, this::readLine);
    }

    /** The lines that are not events up to and including the first that contains {@code marker}. */
    List<String> readNonEventsThrough(final String marker) {
        return readThrough(marker, this::readNonEvent);
    }

    private static List<String> readThrough(final String marker, final Supplier<String> next) {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = next.get();
            lines.add(line);
        } while (!line.contains(marker));
        return lines;
    }

    /** The next line if one arrives in time, else {@code null}; fails on EOF. */
    String readLineWithin(final Duration wait) {
        String line = poll(wait);
        if (line == EOF) {
            fail("the server closed the connection; received: " + rawText());
        }
        return line;
    }

    /** Reads up to the end of the stream and returns the lines before it; fails if it does not end. */
    List<String> readUntilEof() {
        List<String> out = new ArrayList<>();
        while (true) {
            String line = poll(TIMEOUT);
            if (line == null) {
                fail("the server did not close the connection within " + TIMEOUT + "; received: " + rawText());
            }
            if (line == EOF) {
                return out;
            }
            out.add(line);
        }
    }

    /** Every byte received so far. */
    String rawText() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.US_ASCII);
        }
    }

    /** The byte chunks as the reads returned them. */
    List<byte[]> chunks() {
        synchronized (raw) {
            return List.copyOf(chunks);
        }
    }

    /**
     * Checks QEMU's framing over everything received: each message is one JSON object followed
     * by CRLF, no bare CR or LF, no blank line, nothing after the last CRLF.
     */
    void assertCleanFraming() {
        String text = rawText();
        assertThat(text).as("received bytes").isNotEmpty().endsWith("\r\n");
        String[] messages = text.substring(0, text.length() - 2).split("\r\n", -1);
        for (String m : messages) {
            assertThat(m).as("message in %s", text).isNotEmpty().doesNotContain("\r").doesNotContain("\n");
            assertThat(parse(m).isObject()).as("JSON object: %s", m).isTrue();
        }
    }

    /** Closes the connection normally. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes with a TCP reset (SO_LINGER 0): only for TCP connections. */
    void reset() throws IOException {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        channel.close();
    }

    /** The event name of a line, or {@code null} when it is not an event. */
    static String eventName(final String line) {
        JsonNode n = parse(line);
        return n.has("event") ? n.get("event").textValue() : null;
    }

    static JsonNode parse(final String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private String poll(final Duration wait) {
        try {
            return lines.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        StringBuilder pending = new StringBuilder();
        try {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                byte[] chunk = new byte[n];
                buf.flip();
                buf.get(chunk);
                synchronized (raw) {
                    chunks.add(chunk);
                    raw.write(chunk, 0, n);
                }
                pending.append(new String(chunk, StandardCharsets.ISO_8859_1));
                int eol;
                while ((eol = pending.indexOf("\r\n")) >= 0) {
                    lines.add(pending.substring(0, eol));
                    pending.delete(0, eol + 2);
                }
            }
        } catch (IOException e) {
            // closed by the test or reset by the server: both end the stream
        } finally {
            lines.add(EOF);
        }
    }
}
