package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events a command causes go out before its response (QEMU 7.2.22's observed order, which the
 * conformance goldens pin). {@code quit} has its own test, {@link QmpQuitTest}.
 */
final class QmpEventOrderTest {
    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.negotiatedBeforeEach();

    @Test
    void systemResetGivesResetThenTheReturn() {
        qmp.client.send("{\"execute\": \"system_reset\", \"id\": \"r\"}\n");
        assertEvent(qmp.client.readLine(), "RESET", "{\"guest\":false,\"reason\":\"host-qmp-system-reset\"}");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": {}, \"id\": \"r\"}");
    }

    @Test
    void stopGivesStopThenTheReturn() {
        qmp.client.send("{\"execute\": \"stop\", \"id\": \"s\"}\n");
        assertEvent(qmp.client.readLine(), "STOP", null);
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": {}, \"id\": \"s\"}");
    }

    private static void assertEvent(final String line, final String name, final String data) {
        assertThat(line).startsWith("{\"timestamp\": {\"seconds\": ").contains("\"event\": \"" + name + "\"");
        var node = QmpTestClient.parse(line);
        assertThat(node.get("event").textValue()).isEqualTo(name);
        if (data == null) {
            assertThat(node.has("data")).isFalse();
        } else {
            assertThat(node.get("data")).isEqualTo(QmpTestClient.parse(data));
        }
    }
}
