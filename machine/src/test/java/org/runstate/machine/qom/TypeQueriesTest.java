package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qom-list-types}, {@code qom-list-properties}, {@code device-list-properties}. */
class TypeQueriesTest {
    @TempDir
    Path dir;

    private static String typename(final String command, final String type) {
        return "{\"execute\": \"" + command + "\", \"arguments\": {\"typename\": \"" + type + "\"}}";
    }

    @Test
    void concreteTypesAreListedWithQemusParents() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            JsonNode types = q.returnOf("{\"execute\": \"qom-list-types\"}");
            assertThat(types.toString()).contains("{\"name\":\"tcg-accel\",\"parent\":\"accel\"}",
                    "{\"name\":\"pc-i440fx-7.2-machine\",\"parent\":\"generic-pc-machine\"}",
                    "{\"name\":\"none-machine\",\"parent\":\"machine\"}",
                    "{\"name\":\"i6300esb\",\"parent\":\"pci-device\"}",
                    "{\"name\":\"pvpanic\",\"parent\":\"isa-device\"}",
                    "{\"name\":\"qemu64-x86_64-cpu\",\"parent\":\"x86_64-cpu\"}",
                    "{\"name\":\"memory-backend-ram\",\"parent\":\"memory-backend\"}",
                    "{\"name\":\"secret\",\"parent\":\"secret_common\"}");
            assertThat(types.findValuesAsText("name")).doesNotContain("machine", "memory-backend-file", "kvm-accel",
                    "sev-guest", "max-x86_64-cpu", "memory-backend-memfd");
        }
    }

    @Test
    void implementsAndAbstractFilterAsQemu() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute("{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": \"accel\", "
                    + "\"abstract\": true}}")).isEqualTo("{\"return\": [{\"abstract\": true, \"name\": \"accel\", "
                            + "\"parent\": \"object\"}, {\"name\": \"tcg-accel\", \"parent\": \"accel\"}, "
                            + "{\"name\": \"qtest-accel\", \"parent\": \"accel\"}]}");
            assertThat(q.returnOf("{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": "
                    + "\"user-creatable\"}}").findValuesAsText("name")).containsExactly("memory-backend-ram", "secret");
            assertThat(q.execute("{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": \"nope\"}}"))
                    .isEqualTo("{\"return\": []}");
        }
    }

    @Test
    void i6300esbHasItsAddressPropertyAsQemuListsIt() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(typename("device-list-properties", "i6300esb"))).isEqualTo("{\"return\": "
                    + "[{\"default-value\": -1, \"name\": \"addr\", \"description\": \"Slot and optional function "
                    + "number, example: 06.0 or 06\", \"type\": \"int32\"}]}");
            assertThat(q.execute(typename("device-list-properties", "pvpanic"))).isEqualTo("{\"return\": "
                    + "[{\"default-value\": 1285, \"name\": \"ioport\", \"type\": \"uint16\"}, "
                    + "{\"default-value\": 3, \"name\": \"events\", \"type\": \"uint8\"}]}");
        }
    }

    @Test
    void aTypeRunstateLacksIsDeviceNotFound() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(typename("qom-list-properties", "memory-backend-file"))).isEqualTo("{\"error\": "
                    + "{\"class\": \"DeviceNotFound\", \"desc\": \"Class 'memory-backend-file' not found\"}}");
            assertThat(q.execute(typename("device-list-properties", "virtio-blk-pci"))).isEqualTo("{\"error\": "
                    + "{\"class\": \"DeviceNotFound\", \"desc\": \"Device 'virtio-blk-pci' not found\"}}");
        }
    }

    @Test
    void deviceListPropertiesRefusesAbstractAndNonDeviceTypes() throws Exception {
        String refused = "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'typename' expects a "
                + "non-abstract device type\"}}";
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(typename("device-list-properties", "device"))).isEqualTo(refused);
            assertThat(q.execute(typename("device-list-properties", "memory-backend-ram"))).isEqualTo(refused);
            assertThat(q.execute(typename("qom-list-properties", "user-creatable"))).isEqualTo("{\"error\": "
                    + "{\"class\": \"GenericError\", \"desc\": \"Parameter 'typename' expects a QOM type\"}}");
        }
    }

    @Test
    void theNoneMachineListsTheMachinePropertiesRunstateAccepts() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            JsonNode props = q.returnOf(typename("qom-list-properties", "none-machine"));
            assertThat(props.findValuesAsText("name")).containsExactly("type", "graphics", "usb", "dump-guest-core",
                    "memory-backend", "mem-merge", "suppress-vmdesc", "peripheral-anon", "peripheral");
            assertThat(props.get(1)).isEqualTo(QmpVm.json("{\"name\":\"graphics\",\"type\":\"bool\","
                    + "\"description\":\"Set on/off to enable/disable graphics emulation\"}"));
        }
    }

    @Test
    void theMemoryBackendHasQemusProperties() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.returnOf(typename("qom-list-properties", "memory-backend-ram")).findValuesAsText("name"))
                    .containsExactly("type", "share", "size", "dump", "prealloc-threads",
                            "x-use-canonical-path-for-ramblock-id", "policy", "prealloc-context", "prealloc", "reserve",
                            "host-nodes", "merge");
        }
    }
}
