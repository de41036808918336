package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.runstate.qmp.QmpTestClient.GREETING;
import static org.runstate.qmp.QmpTestClient.RUNNING;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.qapi.RunState;

/** A client that never reads is cut off once its bounded outbound queue fills. */
final class QmpSlowClientTest {
    /** Far more stop/cont cycles than a socket buffer plus a 16-message queue can absorb. */
    private static final int MAX_CYCLES = 20_000;

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();

    @BeforeEach
    void start() throws IOException {
        qmp.start(QmpTestServer.options(64, 16, 1 << 20));
    }

    @Test
    void clientThatNeverReadsIsCutOffWhileOthersAndTheMachineCarryOn() throws IOException {
        QmpTestClient good = qmp.connectNegotiated();
        QmpTestClient lazy = qmp.track(QmpTestClient.connectWithoutReading(qmp.address));
        lazy.send("{\"execute\": \"qmp_capabilities\"}\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 2);

        int cycles = 0;
        while (qmp.server.clientCount() > 1 && cycles < MAX_CYCLES) {
            good.send("{\"execute\": \"stop\"}\n");
            assertThat(good.readNonEvent()).isEqualTo("{\"return\": {}}");
            good.send("{\"execute\": \"cont\"}\n");
            assertThat(good.readNonEvent()).isEqualTo("{\"return\": {}}");
            cycles++;
        }
        assertThat(qmp.server.clientCount()).as("clients after %d stop/cont cycles", cycles).isEqualTo(1);

        // not held up: the read is bounded by QmpTestClient.TIMEOUT and the server never waits on a peer
        assertThat(good.execute("{\"execute\": \"query-status\", \"id\": \"after\"}"))
                .isEqualTo("{\"return\": " + RUNNING + ", \"id\": \"after\"}");
        assertThat(qmp.machine.runState()).isEqualTo(RunState.RUNNING);

        // the lazy client finds its buffered output, then the end of the stream
        List<String> backlog = lazy.startReading().readUntilEof();
        assertThat(backlog).hasSizeGreaterThan(2);
        assertThat(backlog.subList(0, 2)).containsExactly(GREETING, "{\"return\": {}}");
        assertThat(backlog.subList(2, backlog.size())).allSatisfy(l -> assertThat(QmpTestClient.eventName(l)).isNotNull());
        assertThat(backlog.size() - 2).isLessThan(2 * cycles);
    }
}
