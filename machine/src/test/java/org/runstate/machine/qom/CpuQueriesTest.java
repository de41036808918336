package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query-cpus-fast}, {@code query-hotpluggable-cpus}, {@code query-cpu-definitions}. */
class CpuQueriesTest {
    @TempDir
    Path dir;

    @Test
    void eachVcpuReportsItsOwnThreadOfThisProcess() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux /proc");
        try (QmpVm q = QmpVm.launch(dir, "-smp", "2")) {
            JsonNode cpus = q.returnOf("{\"execute\": \"query-cpus-fast\"}");
            List<Long> tids = new ArrayList<>();
            cpus.forEach(c -> tids.add(c.get("thread-id").asLong()));
            assertThat(tids).hasSize(2).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
            for (long tid : tids) {
                assertThat(Files.readString(Path.of("/proc/self/task/" + tid + "/comm")).strip()).startsWith("vcpu-");
            }
        }
    }

    @Test
    void entriesHaveQemusMembersAndTopology() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-smp", "4,sockets=2,threads=2")) {
            JsonNode c3 = q.returnOf("{\"execute\": \"query-cpus-fast\"}").get(3);
            assertThat(c3.get("cpu-index").asInt()).isEqualTo(3);
            assertThat(c3.get("qom-path").asText()).isEqualTo("/machine/unattached/device[4]");
            assertThat(c3.get("props")).isEqualTo(QmpVm.json("{\"socket-id\":1,\"core-id\":0,\"thread-id\":1}"));
            assertThat(c3.get("target").asText()).isEqualTo("x86_64");
        }
    }

    @Test
    void theNoneMachineHasNoTopologyProps() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            JsonNode c0 = q.returnOf("{\"execute\": \"query-cpus-fast\"}").get(0);
            assertThat(c0.has("props")).isFalse();
            assertThat(c0.get("qom-path").asText()).isEqualTo("/machine/unattached/device[0]");
        }
    }

    @Test
    void hotpluggableCpusIsRefusedAsOnAMachineWithoutCpuHotplug() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "pc")) {
            assertThat(q.execute("{\"execute\": \"query-hotpluggable-cpus\"}")).isEqualTo("{\"error\": {\"class\": "
                    + "\"GenericError\", \"desc\": \"The feature 'query-hotpluggable-cpus' is not enabled\"}}");
        }
    }

    @Test
    void cpuDefinitionsAreQemu64AndItsVersion() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute("{\"execute\": \"query-cpu-definitions\"}")).isEqualTo("{\"return\": [{\"name\": "
                    + "\"qemu64-v1\", \"typename\": \"qemu64-v1-x86_64-cpu\", \"unavailable-features\": [], \"static\": "
                    + "false, \"migration-safe\": true, \"deprecated\": false}, {\"name\": \"qemu64\", \"typename\": "
                    + "\"qemu64-x86_64-cpu\", \"unavailable-features\": [], \"alias-of\": \"qemu64-v1\", \"static\": "
                    + "false, \"migration-safe\": true, \"deprecated\": false}]}");
        }
    }
}
