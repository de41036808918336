package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.runstate.qmp.QmpTestClient.RUNNING;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients vanishing mid-command: the server, the machine and the other clients carry on. */
final class QmpDisconnectTest {
    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.startedBeforeEach();

    @Test
    void abruptDisconnectMidCommandLeavesTheServerServingOthers() throws IOException {
        QmpTestClient other = qmp.connectNegotiated();
        for (int i = 0; i < 20; i++) {
            QmpTestClient victim = qmp.connectNegotiated();
            victim.send("{\"execute\": \"stop\"}\n");
            victim.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 1);
        assertMachineServes(other);
    }

    @Test
    void abruptDisconnectWithRequestsPipelinedBehindItLeavesTheServerServingOthers() throws IOException {
        QmpTestClient other = qmp.connectNegotiated();
        QmpTestClient victim = qmp.connectNegotiated();
        StringBuilder batch = new StringBuilder("{\"execute\": \"stop\"}");
        for (int i = 0; i < 200; i++) {
            batch.append("{\"execute\": \"cont\"}{\"execute\": \"stop\"}");
        }
        victim.send(batch.append('\n').toString());
        victim.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 1);
        assertMachineServes(other);
    }

    @Test
    void tcpResetWithACommandInFlightLeavesTheServerServingOthers() throws IOException {
        SocketListener tcp = qmp.track(qmp.server.listen(QmpEndpoint.tcp("", 0)));
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getByName(tcp.endpoint().host()), tcp.endpoint().port());
        QmpTestClient other = QmpTestClient.connect(addr);
        qmp.track(other).negotiate();
        for (int i = 0; i < 10; i++) {
            QmpTestClient victim = QmpTestClient.connect(addr).negotiate();
            victim.send("{\"execute\": \"stop\"}{\"execute\": \"cont\"}{\"execute\": \"query-status\"}\n");
            victim.reset();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> qmp.server.clientCount() == 1);
        assertMachineServes(other);
    }

    /** The remaining client can still drive the machine and see its events. */
    private static void assertMachineServes(final QmpTestClient c) {
        c.send("{\"execute\": \"cont\", \"id\": \"c\"}\n");
        assertThat(c.readNonEvent()).isEqualTo("{\"return\": {}, \"id\": \"c\"}");
        assertThat(c.execute("{\"execute\": \"query-status\", \"id\": \"q\"}"))
                .isEqualTo("{\"return\": " + RUNNING + ", \"id\": \"q\"}");
        c.send("{\"execute\": \"stop\", \"id\": \"s\"}\n");
        assertThat(QmpTestClient.eventName(c.readLine())).isEqualTo("STOP");
        assertThat(c.readLine()).isEqualTo("{\"return\": {}, \"id\": \"s\"}");
    }
}
