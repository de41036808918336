package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands are in {@code query-commands} and {@code query-qmp-schema} as QEMU describes them. */
class QomSchemaTest {
    private static final List<String> COMMANDS = List.of("qom-list", "qom-get", "qom-list-types",
            "qom-list-properties", "device-list-properties", "object-add", "object-del", "query-machines",
            "query-target", "query-kvm", "query-cpus-fast", "query-hotpluggable-cpus", "query-cpu-definitions",
            "query-command-line-options", "query-migrate-capabilities", "migrate-set-capabilities",
            "query-sev-capabilities", "query-sgx-capabilities", "query-chardev", "query-iothreads",
            "query-named-block-nodes", "query-block");
    /** The members introspect.json allows for each meta-type. */
    private static final Map<String, Set<String>> KEYS = Map.of(
            "builtin", Set.of("name", "meta-type", "json-type"),
            "enum", Set.of("name", "meta-type", "members", "values", "features"),
            "array", Set.of("name", "meta-type", "element-type"),
            "object", Set.of("name", "meta-type", "members", "tag", "variants", "features"),
            "command", Set.of("name", "meta-type", "arg-type", "ret-type", "features"),
            "event", Set.of("name", "meta-type", "arg-type", "features"));

    @TempDir
    Path dir;

    @Test
    void everyCommandIsListedByQueryCommands() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.returnOf("{\"execute\": \"query-commands\"}").findValuesAsText("name"))
                    .containsAll(COMMANDS).doesNotContain("query-tpm-models", "query-tpm-types",
                            "query-cpu-model-expansion");
        }
    }

    @Test
    void theSchemaKeepsToQemusStrictReader() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            Map<String, JsonNode> byName = new HashMap<>();
            q.returnOf("{\"execute\": \"query-qmp-schema\"}").forEach(e -> byName.put(e.get("name").asText(), e));
            for (JsonNode e : byName.values()) {
                List<String> keys = iterable(e);
                assertThat(KEYS.get(e.get("meta-type").asText())).as(e.toString()).containsAll(keys);
                if (e.get("meta-type").asText().equals("object")) {
                    e.get("members").forEach(m -> assertThat(byName).as(m.toString()).containsKey(m.get("type").asText()));
                    e.path("variants").forEach(v -> assertThat(byName.get(v.get("type").asText()).get("meta-type")
                            .asText()).isEqualTo("object"));
                }
            }
            for (String c : COMMANDS) {
                JsonNode cmd = byName.get(c);
                assertThat(byName.get(cmd.get("arg-type").asText()).get("meta-type").asText()).as(c).isEqualTo("object");
                assertThat(byName).as(c).containsKey(cmd.get("ret-type").asText());
            }
            assertThat(byName.get(byName.get("query-named-block-nodes").get("arg-type").asText()).get("members"))
                    .isEqualTo(QmpVm.json("[{\"name\":\"flat\",\"type\":\"bool\",\"default\":null}]"));
        }
    }

    private static List<String> iterable(final JsonNode e) {
        List<String> keys = new java.util.ArrayList<>();
        e.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
