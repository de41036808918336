package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session's threads (reader and writer) and its socket go when its client goes: one that leaves,
 * and one cut off while its writer thread waits for room in the socket.
 */
final class QmpSessionResourcesTest {
    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();

    @Test
    void clientsThatLeaveTakeTheirThreadsAndDescriptorsWithThem() throws IOException {
        qmp.start();
        qmp.connectNegotiated().close(); // classes and the logger loaded before the baseline
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 0);
        Set<String> threadsBefore = sessionThreads();
        long fdsBefore = openFds();

        List<QmpTestClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(qmp.connectNegotiated());
        }
        QmpTestClient commander = clients.get(0);
        assertThat(commander.execute("{\"execute\": \"stop\"}")).isEqualTo("{\"return\": {}}");
        assertThat(commander.execute("{\"execute\": \"cont\"}")).isEqualTo("{\"return\": {}}");
        assertThat(sessionThreads()).hasSizeGreaterThanOrEqualTo(threadsBefore.size() + 10);
        clients.forEach(QmpTestClient::close);

        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sessionThreads()).isEqualTo(threadsBefore));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(openFds()).isLessThanOrEqualTo(fdsBefore));
    }

    @Test
    void clientCutOffWhileItsWriterWaitsForRoomLeavesNothingBehind() throws IOException {
        qmp.start(QmpTestServer.options(64, 16, 1 << 20));
        QmpTestClient good = qmp.connectNegotiated();
        Set<String> threadsBefore = sessionThreads();
        long fdsBefore = openFds();

        QmpTestClient lazy = qmp.track(QmpTestClient.connectWithoutReading(qmp.address));
        lazy.send("{\"execute\": \"qmp_capabilities\"}\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 2);
        for (int cycles = 0; qmp.server.clientCount() > 1 && cycles < 20_000; cycles++) {
            good.send("{\"execute\": \"stop\"}\n");
            assertThat(good.readNonEvent()).isEqualTo("{\"return\": {}}");
            good.send("{\"execute\": \"cont\"}\n");
            assertThat(good.readNonEvent()).isEqualTo("{\"return\": {}}");
        }
        assertThat(qmp.server.clientCount()).isEqualTo(1);

        // the server lets go of its side at once, the lazy client still holding its end open
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sessionThreads()).isEqualTo(threadsBefore));
        lazy.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(openFds()).isLessThanOrEqualTo(fdsBefore));
    }

    /** Names of the live reader and writer threads of QMP sessions. */
    private static Set<String> sessionThreads() {
        Set<String> out = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().matches("qmp-\\d+-(in|out)")) {
                out.add(t.getName());
            }
        }
        return out;
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
