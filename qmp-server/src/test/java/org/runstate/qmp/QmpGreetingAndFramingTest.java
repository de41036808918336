package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.runstate.qmp.QmpTestClient.GREETING;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The greeting and QEMU's line framing, over a real unix socket. */
final class QmpGreetingAndFramingTest {
    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.startedBeforeEach();

    @Test
    void greetingArrivesAloneInTheFirstWriteAndEndsInCrlf() throws IOException {
        QmpTestClient c = qmp.connect();
        assertThat(c.readLine()).isEqualTo(GREETING);
        assertThat(new String(c.chunks().get(0), StandardCharsets.US_ASCII)).isEqualTo(GREETING + "\r\n");
        // nothing else is sent until the client speaks
        assertThat(c.readLineWithin(Duration.ofMillis(200))).isNull();
        assertThat(c.rawText()).isEqualTo(GREETING + "\r\n");
    }

    @Test
    void greetingReportsVersion720PackageRuntimeAndOffersOob() throws IOException {
        QmpTestClient c = qmp.connect();
        JsonNode qmpMember = QmpTestClient.parse(c.readLine()).get("QMP");
        JsonNode qemu = qmpMember.get("version").get("qemu");
        assertThat(qemu.get("major").asInt()).isEqualTo(7);
        assertThat(qemu.get("minor").asInt()).isEqualTo(2);
        assertThat(qemu.get("micro").asInt()).isEqualTo(0);
        assertThat(qmpMember.get("version").get("package").textValue()).isEqualTo("runstate 0.1.0");
        assertThat(qmpMember.get("capabilities").toString()).isEqualTo("[\"oob\"]");
        // query-version reports the same version object
        c.send("{\"execute\": \"qmp_capabilities\"}\n");
        c.readLine();
        assertThat(QmpTestClient.parse(c.execute("{\"execute\": \"query-version\"}")).get("return"))
                .isEqualTo(qmpMember.get("version"));
    }

    @Test
    void everyMessageEndsInCrlfAndThereIsNeverABlankLine() throws IOException {
        QmpTestClient c = qmp.connectNegotiated();
        c.send("{\"execute\": \"stop\", \"id\": \"multi\\nline\\r\\nid\"}\n");
        assertThat(QmpTestClient.eventName(c.readLine())).isEqualTo("STOP");
        assertThat(c.readLine()).isEqualTo("{\"return\": {}, \"id\": \"multi\\nline\\r\\nid\"}");
        c.send("{\"execute\": \"cont\", \"id\": \"\u00e9\"}\n");
        assertThat(QmpTestClient.eventName(c.readLine())).isEqualTo("RESUME");
        assertThat(c.readLine()).isEqualTo("{\"return\": {}, \"id\": \"\\u00E9\"}");
        c.send("\n\r\n{\"execute\": nonsense}\n\n");
        assertThat(c.readLine()).contains("invalid keyword 'nonsense'");
        c.send("}\r\n");
        assertThat(c.readLine()).contains("expecting value");
        qmp.machine.requests().powerdown();
        assertThat(QmpTestClient.eventName(c.readLine())).isEqualTo("POWERDOWN");
        assertThat(c.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + QmpTestClient.RUNNING + "}");
        c.assertCleanFraming();
        assertThat(c.rawText()).doesNotContain("\r\n\r\n").startsWith(GREETING + "\r\n");
    }
}
