package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.qapi.PowerdownEvent;

/**
 * An event goes to every other client from the thread that emitted it, as QEMU's main loop writes
 * it to every monitor when it is emitted: by the time the commanding client has its reply, the
 * event is already in every other client's socket. This holds for a command run on its client's
 * reader and for one the control thread ran. (Unix sockets, with the build's
 * {@code --add-opens java.base/sun.nio.ch}: see {@link SocketRoom}.)
 */
final class QmpEventFanOutTest {
    private static final int ROUNDS = 200;

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();
    private QmpTestClient commander;
    private SocketChannel listener;
    private final StringBuilder heard = new StringBuilder();

    @BeforeEach
    void start() throws IOException {
        qmp.start();
        commander = qmp.connectNegotiated();
        listener = qmp.track(SocketChannel.open(qmp.address));
        readLine(true); // greeting
        listener.write(ByteBuffer.wrap("{\"execute\": \"qmp_capabilities\"}\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(readLine(true)).isEqualTo("{\"return\": {}}");
        listener.configureBlocking(false);
    }

    @Test
    void theOtherClientHasTheEventBeforeTheCommanderHasItsReply() throws IOException {
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(commander.execute("{\"execute\": \"stop\"}")).isEqualTo("{\"return\": {}}");
            assertThat(readLine(false)).as("round %d: STOP already sent to the listener", i).contains("\"event\": \"STOP\"");
            assertThat(commander.execute("{\"execute\": \"cont\"}")).isEqualTo("{\"return\": {}}");
            assertThat(readLine(false)).as("round %d: RESUME already sent to the listener", i).contains("\"event\": \"RESUME\"");
        }
    }

    @Test
    void soWhenTheControlThreadRunsTheCommand() throws IOException {
        for (int i = 0; i < 20; i++) {
            CountDownLatch release = new CountDownLatch(1);
            qmp.holdControlThreadUntil(release); // the stop queues behind this
            commander.send("{\"execute\": \"stop\", \"id\": " + i + "}\n");
            release.countDown();
            assertThat(QmpTestClient.eventName(commander.readLine())).isEqualTo("STOP");
            assertThat(commander.readLine()).isEqualTo("{\"return\": {}, \"id\": " + i + "}");
            assertThat(readLine(false)).as("round %d: STOP already sent to the listener", i).contains("\"event\": \"STOP\"");
            assertThat(commander.execute("{\"execute\": \"cont\"}")).isEqualTo("{\"return\": {}}");
            assertThat(readLine(false)).contains("\"event\": \"RESUME\"");
        }
    }

    /** A thread with its interrupt status set emits: it leaves the writing to the clients' writers. */
    @Test
    void anEventFromAnInterruptedThreadCutsNobodyOff() throws IOException {
        Thread.currentThread().interrupt();
        try {
            qmp.machine.events().emit(PowerdownEvent.INSTANCE);
        } finally {
            Thread.interrupted();
        }
        assertThat(QmpTestClient.eventName(commander.readLine())).isEqualTo("POWERDOWN");
        assertThat(commander.execute("{\"execute\": \"query-status\"}")).startsWith("{\"return\": ");
        listener.configureBlocking(true);
        assertThat(readLine(true)).contains("\"event\": \"POWERDOWN\"");
    }

    /** The listener's next line; without {@code wait}, only what is in its socket now (else null). */
    private String readLine(final boolean wait) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (;;) {
            int end = heard.indexOf("\r\n");
            if (end >= 0) {
                String line = heard.substring(0, end);
                heard.delete(0, end + 2);
                return line;
            }
            buf.clear();
            int n = listener.read(buf);
            if (n < 0) {
                throw new IOException("the listener was disconnected");
            }
            if (n == 0 && !wait) {
                return null;
            }
            heard.append(new String(buf.array(), 0, n, StandardCharsets.US_ASCII));
        }
    }
}
