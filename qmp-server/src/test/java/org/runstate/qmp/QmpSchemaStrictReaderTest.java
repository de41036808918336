package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.qmp.hmp.MonitorCommands;

/**
 * The served {@code query-qmp-schema}, registered commands included, passes the reading QEMU's
 * own tests give it (tests/qtest/qmp-cmd-test.c), and every query-like command it lists answers
 * with a {@code return} when run without arguments, as that test demands.
 */
final class QmpSchemaStrictReaderTest {
    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();
    private QmpTestClient client;
    private JsonNode schema;

    @BeforeEach
    void start() throws IOException {
        qmp.start(QmpServerOptions.defaults(), b -> b, s -> MonitorCommands.register(s, "vm1"));
        client = qmp.connectNegotiated();
        schema = QmpTestClient.parse(client.execute("{\"execute\": \"query-qmp-schema\"}")).get("return");
    }

    @Test
    void servedSchemaPassesQemusStrictReader() {
        assertThat(SchemaInfoStrictReader.problems(schema)).isEmpty();
        assertThat(schema.findValuesAsText("name")).contains("query-name", "human-monitor-command");
    }

    @Test
    void strictReaderCatchesWhatQemuWouldReject() {
        JsonNode broken = QmpTestClient.parse("[{\"name\": \"c\", \"meta-type\": \"command\", \"arg-type\": \"str\", \"ret-type\": \"9\"},"
                + " {\"name\": \"str\", \"meta-type\": \"builtin\", \"json-type\": \"string\"},"
                + " {\"name\": \"e\", \"meta-type\": \"enum\", \"values\": [\"a\"]},"
                + " {\"name\": \"o\", \"meta-type\": \"object\", \"members\": [], \"extra\": 1}]");
        assertThat(SchemaInfoStrictReader.problems(broken)).containsExactly(
                "missing 'members' in {\"name\":\"e\",\"meta-type\":\"enum\",\"values\":[\"a\"]}",
                "unexpected member 'extra' in {\"name\":\"o\",\"meta-type\":\"object\",\"members\":[],\"extra\":1}");
        JsonNode dangling = QmpTestClient.parse("[{\"name\": \"c\", \"meta-type\": \"command\", \"arg-type\": \"str\", \"ret-type\": \"9\"},"
                + " {\"name\": \"str\", \"meta-type\": \"builtin\", \"json-type\": \"string\"}]");
        assertThat(SchemaInfoStrictReader.problems(dangling)).containsExactly(
                "arg-type of c names str, which is not an object type", "ret-type of c names 9, which is not in the schema");
    }

    @Test
    void everyQueryLikeCommandAnswersWithAReturnWhenRunWithoutArguments() {
        Map<String, JsonNode> byName = new HashMap<>();
        schema.forEach(e -> byName.put(e.get("name").asText(), e));
        int run = 0;
        for (JsonNode e : schema) {
            if (!e.get("meta-type").asText().equals("command")) {
                continue;
            }
            JsonNode args = byName.get(e.get("arg-type").asText());
            JsonNode ret = byName.get(e.get("ret-type").asText());
            boolean mandatoryArgs = false;
            for (JsonNode m : args.get("members")) {
                mandatoryArgs |= !m.has("default");
            }
            if (mandatoryArgs || ret.get("meta-type").asText().equals("object") && ret.get("members").isEmpty()) {
                continue; // qmp-cmd-test's add_query_tests skips these
            }
            String reply = client.execute("{\"execute\": \"" + e.get("name").asText() + "\"}");
            assertThat(QmpTestClient.parse(reply).has("return")).as("%s: %s", e.get("name"), reply).isTrue();
            run++;
        }
        assertThat(run).as("query-status, query-version, query-commands, query-qmp-schema, query-name").isEqualTo(5);
    }
}
