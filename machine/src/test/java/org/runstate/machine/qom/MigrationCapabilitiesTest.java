package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query-migrate-capabilities} and {@code migrate-set-capabilities}. */
class MigrationCapabilitiesTest {
    @TempDir
    Path dir;

    private static String set(final String caps) {
        return "{\"execute\": \"migrate-set-capabilities\", \"arguments\": {\"capabilities\": [" + caps + "]}}";
    }

    private static String cap(final String name, final boolean state) {
        return "{\"capability\": \"" + name + "\", \"state\": " + state + "}";
    }

    private static String error(final String desc) {
        return "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + desc + "\"}}";
    }

    @Test
    void everyCapabilityIsOffAtStartInQemusOrder() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            JsonNode caps = q.returnOf("{\"execute\": \"query-migrate-capabilities\"}");
            assertThat(caps.findValuesAsText("capability")).containsExactly("xbzrle", "rdma-pin-all", "auto-converge",
                    "zero-blocks", "compress", "events", "postcopy-ram", "x-colo", "release-ram", "block",
                    "return-path", "pause-before-switchover", "multifd", "dirty-bitmaps", "postcopy-blocktime",
                    "late-block-activate", "x-ignore-shared", "validate-uuid", "background-snapshot", "zero-copy-send",
                    "postcopy-preempt");
            assertThat(caps.findValues("state")).allMatch(s -> !s.asBoolean());
            assertThat(q.execute("{\"execute\": \"query-migrate-capabilities\"}"))
                    .startsWith("{\"return\": [{\"state\": false, \"capability\": \"xbzrle\"}, ");
        }
    }

    @Test
    void aCapabilitySetIsReported() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(set(cap("events", true)))).isEqualTo("{\"return\": {}}");
            assertThat(q.returnOf("{\"execute\": \"query-migrate-capabilities\"}").get(5))
                    .isEqualTo(QmpVm.json("{\"state\":true,\"capability\":\"events\"}"));
        }
    }

    @Test
    void aRefusedSetChangesNothing() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(set(cap("events", true) + ", " + cap("zero-copy-send", true))))
                    .isEqualTo(error("Zero copy only available for non-compressed non-TLS multifd migration"));
            assertThat(q.returnOf("{\"execute\": \"query-migrate-capabilities\"}").findValues("state"))
                    .allMatch(s -> !s.asBoolean());
        }
    }

    @Test
    void incompatibleCapabilitiesAreRefusedWithQemusMessages() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(set(cap("postcopy-preempt", true))))
                    .isEqualTo(error("Postcopy preempt requires postcopy-ram"));
            assertThat(q.execute(set(cap("multifd", true) + ", " + cap("compress", true))))
                    .isEqualTo(error("Multifd is not compatible with compress"));
            assertThat(q.execute(set(cap("background-snapshot", true))))
                    .isEqualTo(error("Background-snapshot is not compatible with guest memory configuration"));
        }
    }

    @Test
    void postcopyIsRefusedWhileIncoming() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none", "-incoming", "defer")) {
            assertThat(q.execute(set(cap("postcopy-ram", true)))).isEqualTo(error("Postcopy is not supported"));
        }
    }

    @Test
    void argumentsAreCheckedWithNestedNames() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(set("{\"capability\": \"events\"}")))
                    .isEqualTo(error("Parameter 'capabilities[0].state' is missing"));
            assertThat(q.execute(set(cap("nope", true))))
                    .isEqualTo(error("Parameter 'capability' does not accept value 'nope'"));
        }
    }
}
