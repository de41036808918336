package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query-machines}, {@code query-target}, {@code query-kvm}, {@code query-command-line-options}. */
class MachineQueriesTest {
    @TempDir
    Path dir;

    @Test
    void queryMachinesListsThisTargetsMachineTypes() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute("{\"execute\": \"query-machines\"}")).isEqualTo("{\"return\": [{\"hotpluggable-cpus\": "
                    + "false, \"name\": \"pc-i440fx-7.2\", \"numa-mem-supported\": false, \"default-cpu-type\": "
                    + "\"qemu64-x86_64-cpu\", \"is-default\": true, \"cpu-max\": 255, \"deprecated\": false, "
                    + "\"default-ram-id\": \"pc.ram\", \"alias\": \"pc\"}, {\"hotpluggable-cpus\": false, \"name\": "
                    + "\"none\", \"numa-mem-supported\": false, \"cpu-max\": 1, \"deprecated\": false, "
                    + "\"default-ram-id\": \"ram\"}]}");
        }
    }

    @Test
    void theTargetIsX8664AndThereIsNoKvm() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute("{\"execute\": \"query-target\"}")).isEqualTo("{\"return\": {\"arch\": \"x86_64\"}}");
            assertThat(q.execute("{\"execute\": \"query-kvm\"}"))
                    .isEqualTo("{\"return\": {\"enabled\": false, \"present\": false}}");
        }
    }

    @Test
    void s390MachinesAreAnotherTarget() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "s390-ccw-virtio")) {
            assertThat(q.execute("{\"execute\": \"query-target\"}")).isEqualTo("{\"return\": {\"arch\": \"s390x\"}}");
            assertThat(q.returnOf("{\"execute\": \"query-machines\"}").findValuesAsText("name"))
                    .containsExactly("s390-ccw-virtio-7.2");
            assertThat(q.returnOf("{\"execute\": \"query-cpus-fast\"}").get(0).toString()).contains(
                    "\"props\":{\"core-id\":0}", "\"target\":\"s390x\"", "\"cpu-state\":");
        }
    }

    @Test
    void commandLineOptionsStartWithTheMachineAndItsAcceptedProperties() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.returnOf("{\"execute\": \"query-command-line-options\", \"arguments\": {\"option\": "
                    + "\"machine\"}}").get(0).get("parameters").findValuesAsText("name")).containsExactly("hpet",
                    "vmport", "acpi", "suppress-vmdesc", "mem-merge", "memory-backend", "dump-guest-core", "usb",
                    "graphics", "accel", "type");
            assertThat(q.returnOf("{\"execute\": \"query-command-line-options\"}").findValuesAsText("option"))
                    .startsWith("machine", "sandbox").doesNotContain("drive", "netdev", "spice", "vnc", "fsdev");
        }
    }

    @Test
    void anUnknownCommandLineOptionIsRefused() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute("{\"execute\": \"query-command-line-options\", \"arguments\": {\"option\": \"drive\"}}"))
                    .isEqualTo("{\"error\": {\"class\": \"GenericError\", \"desc\": \"invalid option name: drive\"}}");
        }
    }
}
