package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As QEMU's qmp-cmd-test does: every command whose arguments are all optional and that returns
 * something, run without arguments on {@code -machine none}, answers {@code return}, except the
 * ones QEMU's test expects to fail with a given class.
 */
class NoArgumentCommandsTest {
    private static final Map<String, String> EXPECTED_ERRORS = Map.of("query-hotpluggable-cpus", "GenericError");
    /** qmp-cmd-test's own skip list, among what runstate-vm serves. */
    private static final java.util.Set<String> SKIPPED = java.util.Set.of("query-cpu-definitions",
            "query-sev-capabilities", "query-sgx-capabilities");

    @TempDir
    Path dir;

    @Test
    void everyCommandWithoutMandatoryArgumentsAnswersOnMachineNone() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-nodefaults", "-machine", "none")) {
            Map<String, JsonNode> byName = new HashMap<>();
            q.returnOf("{\"execute\": \"query-qmp-schema\"}").forEach(e -> byName.put(e.get("name").asText(), e));
            int run = 0;
            for (JsonNode e : byName.values()) {
                String name = e.get("name").asText();
                if (!e.get("meta-type").asText().equals("command") || SKIPPED.contains(name)) {
                    continue;
                }
                boolean mandatory = false;
                for (JsonNode m : byName.get(e.get("arg-type").asText()).get("members")) {
                    mandatory |= !m.has("default");
                }
                JsonNode ret = byName.get(e.get("ret-type").asText());
                if (mandatory || ret.get("meta-type").asText().equals("object") && ret.get("members").isEmpty()) {
                    continue;
                }
                JsonNode r = q.reply("{\"execute\": \"" + name + "\"}");
                if (EXPECTED_ERRORS.containsKey(name)) {
                    assertThat(r.path("error").path("class").asText()).as(name).isEqualTo(EXPECTED_ERRORS.get(name));
                } else {
                    assertThat(r.has("return")).as(name + " -> " + r).isTrue();
                }
                run++;
            }
            assertThat(run).isGreaterThan(15);
        }
    }
}
