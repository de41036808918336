package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.runstate.qmp.QmpTestClient.RUNNING;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.qapi.RunState;
import org.runstate.qmp.json.JsonStreamer;

/**
 * Hostile peers over real sockets, with the server's default limits (QEMU's 64 MiB token size and
 * 1024 nesting): each gets exactly QEMU's answers, is cut off where the server must protect
 * itself, and never affects the machine or other clients.
 */
final class QmpHostilePeersTest {
    private static final String AFTER = "{\"execute\": \"query-status\", \"id\": \"after\"}\n";
    private static final String AFTER_REPLY = "{\"return\": " + RUNNING + ", \"id\": \"after\"}";

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();

    /**
     * 100 MiB inside one string, streamed (never held in memory by the test): the token is cut off at
     * QEMU's 64 MiB limit and the rest is lexed afresh, exactly as QEMU answers it; the server's
     * memory returns to where it was (the lexer drops its grown buffer), and the session goes on.
     */
    @Test
    void hundredMibObjectGetsTheTokenSizeErrorAndTheServerDropsIt() throws Exception {
        qmp.start();
        QmpTestClient client = qmp.connectNegotiated();
        QmpTestClient other = qmp.connectNegotiated();
        long heapBefore = usedHeapAfterGc();

        client.send("{\"execute\": \"query-status\", \"id\": \"");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'X');
        for (int i = 0; i < 100; i++) {
            client.write(chunk);
        }
        client.send("\"}\n" + AFTER);

        assertThat(client.readNonEventsThrough("\"after\"")).containsExactly(
                error("JSON token size limit exceeded"),
                error("JSON parse error, stray 'X'"),
                error("JSON parse error, expecting value"),
                AFTER_REPLY);
        assertThat(other.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");
        assertThat(usedHeapAfterGc() - heapBefore).as("heap retained after the 100 MiB request")
                .isLessThan(32L << 20);
    }

    /**
     * 100,000 open brackets then 100,000 closers: one nesting error each time the depth passes 1024
     * (the streamer restarts its count after each), one {@code expecting value} per unmatched closer:
     * the very lines QEMU's streamer produces for these bytes; then the session works.
     */
    @Test
    void hundredThousandDeepNestingGetsQemusErrorsAndTheSessionGoesOn() throws IOException {
        qmp.start();
        QmpTestClient client = qmp.connectNegotiated();
        byte[] input = ("[".repeat(100_000) + "]".repeat(100_000) + "\n").getBytes(StandardCharsets.US_ASCII);
        List<String> expected = expectedErrors(input);
        expected.add(AFTER_REPLY);
        // 97 nesting errors (one per 1025 brackets), the last 575 '[' and first 575 ']' make one
        // (non-object) value, the other 99,425 closers each fail alone
        assertThat(expected).filteredOn(l -> l.contains("JSON nesting depth limit exceeded")).hasSize(97);
        assertThat(expected).filteredOn(l -> l.contains("QMP input must be a JSON object")).hasSize(1);
        assertThat(expected).filteredOn(l -> l.contains("JSON parse error, expecting value")).hasSize(100_000 - 575);
        assertThat(expected).hasSize(97 + 1 + 100_000 - 575 + 1);

        assertAnswersThenServes(client, input, expected);
    }

    /** Invalid UTF-8 inside and outside strings: QEMU's errors (U+FFFD escaped), then service as usual. */
    @Test
    void invalidUtf8GetsQemusErrorsAndTheSessionGoesOn() throws IOException {
        qmp.start();
        QmpTestClient client = qmp.connectNegotiated();
        // an overlong encoding and a UTF-16 surrogate inside a string; 0xFF, never valid, outside
        byte[] input = bytes("{\"execute\": \"query-status\", \"id\": \"", 0xc0, 0xaf, "\"}\n",
                "{\"execute\": \"query-status\", \"id\": \"", 0xed, 0xa0, 0x80, "\"}\n", 0xff, "\n");
        List<String> expected = expectedErrors(input);
        assertThat(expected).containsExactly(
                error("JSON parse error, invalid UTF-8 sequence in string"),
                error("JSON parse error, invalid UTF-8 sequence in string"),
                error("JSON parse error, stray '\ufffd'"));
        assertThat(expected.get(2)).as("non-ASCII goes out escaped").contains("\\uFFFD"); // QEMU prints \\u%04X
        expected.add(AFTER_REPLY);

        assertAnswersThenServes(client, input, expected);
    }

    /** NUL bytes: outside a string QEMU's message text ends at the NUL ("stray ''"); inside a string too. */
    @Test
    void nulBytesGetQemusErrorsAndTheSessionGoesOn() throws IOException {
        qmp.start();
        QmpTestClient client = qmp.connectNegotiated();
        byte[] input = bytes(0x00, "\n{\"execute\": \"query-status\", \"id\": \"a", 0x00, "b\"}\n");
        List<String> expected = expectedErrors(input);
        assertThat(expected.get(0)).isEqualTo(error("JSON parse error, stray ''"));
        assertThat(expected.get(1)).isEqualTo(error("JSON parse error, stray '\"a'"));
        assertThat(expected).allMatch(l -> l.contains("JSON parse error, "));
        expected.add(AFTER_REPLY);

        assertAnswersThenServes(client, input, expected);
    }

    /**
     * Slowloris: clients that hold their connection with a request they never finish. QEMU has no
     * read timeout and neither has this server: what bounds them is the client limit. Up to it they
     * take nothing from anyone else; beyond it further connections are refused; a slowloris that
     * finally finishes its request is answered; a request trickled one byte per write is answered
     * exactly once, after its last byte.
     */
    @Test
    void slowlorisClientsHoldOnlyTheirOwnPlacesUpToTheClientLimit() throws IOException {
        qmp.start(QmpTestServer.options(8, 4096, JsonStreamer.DEFAULT_MAX_TOKEN_SIZE));
        QmpTestClient good = qmp.connectNegotiated();
        List<QmpTestClient> slow = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            QmpTestClient s = qmp.connectNegotiated();
            s.send("{\"execute\": \"query-status\", \"id\": " + i + ", \"argu");
            slow.add(s);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 8);

        // the well-behaved client and the machine carry on
        assertThat(good.execute("{\"execute\": \"stop\"}")).isEqualTo("{\"return\": {}}");
        assertThat(good.execute("{\"execute\": \"cont\"}")).isEqualTo("{\"return\": {}}");
        assertThat(qmp.machine.runState()).isEqualTo(RunState.RUNNING);

        // the limit bounds what slow clients can hold: the ninth connection is refused
        assertThat(qmp.connect().readUntilEof()).isEmpty();

        // a slowloris that finishes is answered (events of the stop/cont above came first)
        slow.get(3).send("ments\": {}}\n");
        assertThat(slow.get(3).readNonEvent()).isEqualTo("{\"return\": " + RUNNING + ", \"id\": 3}");

        // a request trickled one byte per write while another client works in between
        String trickled = "{\"execute\": \"query-status\", \"id\": \"trickle\"}\n";
        QmpTestClient trickler = slow.get(5);
        trickler.send("ments\": {}}\n");
        assertThat(trickler.readNonEvent()).isEqualTo("{\"return\": " + RUNNING + ", \"id\": 5}");
        for (byte b : trickled.getBytes(StandardCharsets.US_ASCII)) {
            trickler.write(new byte[] {b});
            assertThat(good.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");
        }
        assertThat(trickler.readNonEvent()).isEqualTo("{\"return\": " + RUNNING + ", \"id\": \"trickle\"}");
        assertThat(trickler.readLineWithin(Duration.ofMillis(200))).as("exactly one answer").isNull();
    }

    /**
     * A client that sends requests without ever reading the answers: its reader ends up blocked
     * writing to it, which holds up nobody else (the machine, other clients, events); events then
     * fill its bounded queue and it is cut off.
     */
    @Test
    void clientThatSendsButNeverReadsIsCutOffWithoutHoldingUpTheMachine() throws Exception {
        qmp.start(QmpTestServer.options(64, 64, JsonStreamer.DEFAULT_MAX_TOKEN_SIZE));
        QmpTestClient good = qmp.connectNegotiated();
        SocketChannel lazy = qmp.track(SocketChannel.open(qmp.address));
        AtomicReference<IOException> lazyEnd = new AtomicReference<>();
        Thread flooder = new Thread(() -> {
            byte[] request = "{\"execute\": \"query-status\"}\n".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer negotiate = ByteBuffer.wrap("{\"execute\": \"qmp_capabilities\"}\n".getBytes(StandardCharsets.US_ASCII));
            try {
                lazy.write(negotiate);
                for (int i = 0; i < 1_000_000; i++) { // bounded: ends when the server cuts the connection
                    ByteBuffer b = ByteBuffer.wrap(request);
                    while (b.hasRemaining()) {
                        lazy.write(b);
                    }
                }
            } catch (IOException e) {
                lazyEnd.set(e);
            }
        }, "qmp-test-flooder");
        flooder.setDaemon(true);
        flooder.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 2);

        int cycles = 0;
        while (qmp.server.clientCount() > 1 && cycles < 20_000) {
            // the server has no write timeout: a good client held up by the stuck one would wait
            // forever, and its bounded read (QmpTestClient.TIMEOUT) fails instead
            assertThat(good.execute("{\"execute\": \"stop\"}")).isEqualTo("{\"return\": {}}");
            assertThat(good.execute("{\"execute\": \"cont\"}")).isEqualTo("{\"return\": {}}");
            cycles++;
        }
        assertThat(qmp.server.clientCount()).as("clients after %d stop/cont cycles", cycles).isEqualTo(1);
        flooder.join(Duration.ofSeconds(10).toMillis());
        assertThat(flooder.isAlive()).as("the flooder's write fails once it is cut off").isFalse();
        assertThat(lazyEnd.get()).isNotNull();
        assertThat(good.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");
    }

    /** Sends {@code input} and a query-status: the answers are {@code expected}, then that reply, cleanly framed. */
    private static void assertAnswersThenServes(final QmpTestClient client, final byte[] input,
            final List<String> expected) throws IOException {
        client.write(input);
        client.send(AFTER);
        assertThat(client.readNonEventsThrough("\"after\"")).containsExactlyElementsOf(expected);
        client.assertCleanFraming();
    }

    /** QEMU's response line (without CRLF) to a JSON error, rendered by the server's own writer. */
    private static String error(final String desc) {
        String line = QmpMessages.errorResponse(QmpError.generic(desc), null);
        return line.substring(0, line.length() - 2);
    }

    /**
     * QEMU's responses to {@code input} when it holds no request object: one error line per message
     * of QEMU's streamer, a JSON error or, for a complete non-object value, "must be a JSON object".
     */
    private static List<String> expectedErrors(final byte[] input) {
        List<String> out = new ArrayList<>();
        new JsonStreamer(m -> out.add(m.isError() ? error(m.error())
                : m.value().isObject() ? "unexpected request object " + m.value()
                : error("QMP input must be a JSON object"))).feed(input, 0, input.length);
        return out;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        mem.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** Concatenates strings (UTF-8) and byte values. */
    private static byte[] bytes(final Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }
}
