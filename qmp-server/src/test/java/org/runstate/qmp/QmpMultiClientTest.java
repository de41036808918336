package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.runstate.qmp.QmpTestClient.GREETING;
import static org.runstate.qmp.QmpTestClient.RUNNING;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many clients on one socket: separate sessions, one event order for all, the client limit. */
final class QmpMultiClientTest {
    private static final int CLIENTS = 16;

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();

    @Test
    void sixteenConcurrentClientsEachGetTheirOwnGreetingAndNegotiation() throws Exception {
        qmp.start();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<QmpTestClient>> sessions = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int id = i;
                sessions.add(pool.submit(() -> {
                    go.await();
                    QmpTestClient c = qmp.connect();
                    assertThat(c.readLine()).isEqualTo(GREETING);
                    assertThat(c.execute("{\"execute\": \"query-status\", \"id\": " + id + "}")).isEqualTo("{\"id\": " + id
                            + ", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities negotiation with 'qmp_capabilities'\"}}");
                    assertThat(c.execute("{\"execute\": \"qmp_capabilities\", \"id\": " + id + "}"))
                            .isEqualTo("{\"return\": {}, \"id\": " + id + "}");
                    assertThat(c.execute("{\"execute\": \"query-status\", \"id\": " + id + "}"))
                            .isEqualTo("{\"return\": " + RUNNING + ", \"id\": " + id + "}");
                    assertThat(c.execute("{\"execute\": \"qmp_capabilities\", \"id\": " + id + "}")).isEqualTo("{\"id\": " + id
                            + ", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Capabilities negotiation is already complete, command ignored\"}}");
                    return c;
                }));
            }
            go.countDown();
            for (Future<QmpTestClient> f : sessions) {
                f.get(20, TimeUnit.SECONDS);
            }
            assertThat(qmp.server.clientCount()).isEqualTo(CLIENTS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void allNegotiatedClientsReceiveTheSameEventsInTheSameOrder() throws Exception {
        qmp.start();
        List<QmpTestClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(qmp.connectNegotiated());
        }
        QmpTestClient driver = clients.get(0);
        int cycles = 40;
        int powerdowns = 30;
        // the test thread raises POWERDOWN (one per request: each is processed before the next)
        // while the driver's stop/cont cycles run
        CompletableFuture<Void> raiser = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < powerdowns; i++) {
                qmp.machine.requests().powerdown();
                qmp.machine.submit(() -> null).join();
            }
        });
        for (int i = 0; i < cycles; i++) {
            driver.send("{\"execute\": \"stop\"}\n{\"execute\": \"cont\"}\n");
        }
        raiser.get(10, TimeUnit.SECONDS);
        // RESET ends the sequence: every request above was processed before it
        driver.send("{\"execute\": \"system_reset\"}\n");

        List<List<String>> seen = new ArrayList<>();
        for (QmpTestClient c : clients) {
            seen.add(eventsUpToReset(c));
        }
        List<String> names = seen.get(0).stream().map(QmpTestClient::eventName).toList();
        assertThat(names.stream().filter("STOP"::equals).count()).isEqualTo(cycles);
        assertThat(names.stream().filter("RESUME"::equals).count()).isEqualTo(cycles);
        assertThat(names.stream().filter("POWERDOWN"::equals).count()).isEqualTo(powerdowns);
        assertThat(names.get(names.size() - 1)).isEqualTo("RESET");
        for (int i = 1; i < CLIENTS; i++) {
            assertThat(seen.get(i)).as("events of client %d, identical text and order", i).isEqualTo(seen.get(0));
        }
    }

    @Test
    void clientStillNegotiatingReceivesNoEvents() throws Exception {
        qmp.start();
        QmpTestClient waiting = qmp.connect();
        assertThat(waiting.readLine()).isEqualTo(GREETING);
        QmpTestClient driver = qmp.connectNegotiated();
        driver.send("{\"execute\": \"stop\"}\n");
        assertThat(QmpTestClient.eventName(driver.readLine())).isEqualTo("STOP");
        driver.readLine();
        driver.send("{\"execute\": \"cont\"}\n");
        assertThat(QmpTestClient.eventName(driver.readLine())).isEqualTo("RESUME");
        driver.readLine();
        qmp.machine.requests().powerdown();
        assertThat(QmpTestClient.eventName(driver.readLine())).isEqualTo("POWERDOWN");

        // responses and events share one ordered stream: any event sent to it would come first
        waiting.send("{\"execute\": \"query-status\", \"id\": \"probe\"}\n");
        assertThat(waiting.readLine()).isEqualTo("{\"id\": \"probe\", \"error\": {\"class\": \"CommandNotFound\", "
                + "\"desc\": \"Expecting capabilities negotiation with 'qmp_capabilities'\"}}");
        // nor were they kept for later
        waiting.send("{\"execute\": \"qmp_capabilities\"}\n");
        assertThat(waiting.readLine()).isEqualTo("{\"return\": {}}");
        assertThat(waiting.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");
        assertThat(waiting.rawText()).doesNotContain("\"event\"");
        // once negotiated, it does get events
        driver.send("{\"execute\": \"stop\"}\n");
        assertThat(QmpTestClient.eventName(waiting.readLine())).isEqualTo("STOP");
    }

    @Test
    void connectionsBeyondMaxClientsAreClosedWithoutGreetingAndLogged() throws Exception {
        qmp.start(QmpTestServer.options(2, 4096, 1 << 20));
        QmpTestClient a = qmp.connectNegotiated();
        QmpTestClient b = qmp.connectNegotiated();
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 2);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new TeeStream(original, log), true, StandardCharsets.UTF_8));
        try {
            QmpTestClient refused = qmp.connect();
            assertThat(refused.readUntilEof()).isEmpty();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.toString(StandardCharsets.UTF_8))
                    .contains("refusing a QMP client: 2 clients already connected"));
        } finally {
            System.setErr(original);
        }
        assertThat(qmp.server.clientCount()).isEqualTo(2);
        assertThat(a.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");
        assertThat(b.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");

        // a freed place can be taken again
        a.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 1);
        QmpTestClient c = qmp.connectNegotiated();
        assertThat(c.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");
    }

    private static List<String> eventsUpToReset(final QmpTestClient c) {
        List<String> events = new ArrayList<>();
        while (true) {
            String line = c.readLine();
            String name = QmpTestClient.eventName(line);
            if (name != null) {
                events.add(line);
                if (name.equals("RESET")) {
                    return events;
                }
            }
        }
    }

    /** Copies stderr to the console and to a buffer the test reads. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        TeeStream(final OutputStream a, final ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(final int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(final byte[] buf, final int off, final int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
