package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.Termination;

/**
 * {@code quit}: SHUTDOWN, then the return, then EOF — with the server closed when the machine
 * ends, as the launcher does. Repeated because the return used to be lost about one run in ten
 * when the client's reader thread posted it after the server had begun closing.
 */
final class QmpQuitTest {
    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.startedBeforeEach();

    @RepeatedTest(40)
    void quitSendsShutdownThenTheReturnThenClosesTheConnection() throws IOException {
        qmp.machine.termination().thenRun(qmp.server::close);
        QmpTestClient client = qmp.connectNegotiated();
        client.send("{\"execute\": \"quit\", \"id\": \"bye\"}");
        List<String> lines = client.readUntilEof();
        assertThat(lines).hasSize(2);
        assertThat(QmpTestClient.parse(lines.get(0)).get("data"))
                .isEqualTo(QmpTestClient.parse("{\"guest\": false, \"reason\": \"host-qmp-quit\"}"));
        assertThat(lines.get(1)).isEqualTo("{\"return\": {}, \"id\": \"bye\"}");
        assertThat(qmp.machine.termination().join()).isEqualTo(new Termination(0, false));
    }
}
