package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.runstate.qmp.QmpTestClient.PAUSED;
import static org.runstate.qmp.QmpTestClient.RUNNING;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests in one write, and one request over many writes. */
final class QmpPipeliningTest {
    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.negotiatedBeforeEach();

    @Test
    void commandsPipelinedInOneWriteExecuteInOrderWithRepliesInOrder() {
        // conformance scenario qmp-pipelined-split, step 1
        qmp.client.send("{\"execute\": \"query-status\", \"id\": 1}{\"execute\": \"stop\", \"id\": 2}\n"
                + "{\"execute\": \"query-status\", \"id\": 3}{\"execute\": \"cont\", \"id\": 4}"
                + "{\"execute\": \"query-status\", \"id\": 5}\n");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": " + RUNNING + ", \"id\": 1}");
        assertThat(QmpTestClient.eventName(qmp.client.readLine())).isEqualTo("STOP");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": {}, \"id\": 2}");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": " + PAUSED + ", \"id\": 3}");
        assertThat(QmpTestClient.eventName(qmp.client.readLine())).isEqualTo("RESUME");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": {}, \"id\": 4}");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": " + RUNNING + ", \"id\": 5}");
    }

    @Test
    void manyPipelinedCommandsEachSeeTheStateLeftByTheOnesBefore() {
        StringBuilder batch = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean stop = i % 2 == 0;
            batch.append("{\"execute\": \"").append(stop ? "stop" : "cont").append("\", \"id\": ").append(2 * i).append('}');
            batch.append("{\"execute\": \"query-status\", \"id\": ").append(2 * i + 1).append('}');
            expected.add(stop ? "STOP" : "RESUME");
            expected.add("{\"return\": {}, \"id\": " + 2 * i + "}");
            expected.add("{\"return\": " + (stop ? PAUSED : RUNNING) + ", \"id\": " + (2 * i + 1) + "}");
        }
        qmp.client.send(batch.append('\n').toString());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            String line = qmp.client.readLine();
            String event = QmpTestClient.eventName(line);
            got.add(event != null ? event : line);
        }
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void commandSentOneBytePerWriteIsParsedAsOne() {
        qmp.client.sendByteByByte("{\"execute\": \"stop\", \"id\": \"split\"}\n");
        assertThat(QmpTestClient.eventName(qmp.client.readLine())).isEqualTo("STOP");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": {}, \"id\": \"split\"}");
        qmp.client.sendByteByByte("{ \"execute\" : \"query-status\" , \"id\" : [ 1, 2.5, \"x\" ] }");
        assertThat(qmp.client.readLine()).isEqualTo("{\"return\": " + PAUSED + ", \"id\": [1, 2.5, \"x\"]}");
    }
}
