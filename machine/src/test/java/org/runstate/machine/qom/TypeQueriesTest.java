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
            assertThat(q.execute(typename("qom-list-properties", "memory-backend-memfd"))).isEqualTo("{\"error\": "
                    + "{\"class\": \"DeviceNotFound\", \"desc\": \"Class 'memory-backend-memfd' not found\"}}");
            assertThat(q.execute(typename("device-list-properties", "virtio-blk-pci"))).isEqualTo("{\"error\": "
                    + "{\"class\": \"DeviceNotFound\", \"desc\": \"Device 'virtio-blk-pci' not found\"}}");
        }
    }

    /**
     * libvirt 9.0 probes this class unconditionally and crashes (NULL list in
     * virQEMUCapsProcessStringFlags) on DeviceNotFound; the answer is QEMU 7.2.22's, recorded.
     */
    @Test
    void memoryBackendFilePropertiesAreQemusAlthoughTheTypeIsNotListed() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(typename("qom-list-properties", "memory-backend-file"))).isEqualTo("{\"return\": ["
                    + "{\"name\": \"type\", \"type\": \"string\"}, {\"name\": \"share\", \"description\": \"Mark the "
                    + "memory as private to QEMU or shared\", \"type\": \"bool\"}, {\"name\": \"size\", \"description\": "
                    + "\"Size of the memory region (ex: 500M)\", \"type\": \"int\"}, {\"name\": \"dump\", \"description\": "
                    + "\"Set to 'off' to exclude from core dump\", \"type\": \"bool\"}, {\"name\": \"prealloc-threads\", "
                    + "\"description\": \"Number of CPU threads to use for prealloc\", \"type\": \"int\"}, {\"name\": "
                    + "\"x-use-canonical-path-for-ramblock-id\", \"type\": \"bool\"}, {\"name\": \"policy\", "
                    + "\"description\": \"Set the NUMA policy\", \"type\": \"HostMemPolicy\"}, {\"name\": "
                    + "\"prealloc-context\", \"description\": \"Context to use for creating CPU threads for "
                    + "preallocation\", \"type\": \"link<thread-context>\"}, {\"name\": \"prealloc\", \"description\": "
                    + "\"Preallocate memory\", \"type\": \"bool\"}, {\"name\": \"reserve\", \"description\": \"Reserve "
                    + "swap space (or huge pages) if applicable\", \"type\": \"bool\"}, {\"name\": \"host-nodes\", "
                    + "\"description\": \"Binds memory to the list of NUMA host nodes\", \"type\": \"int\"}, {\"name\": "
                    + "\"merge\", \"description\": \"Mark memory as mergeable\", \"type\": \"bool\"}, {\"name\": "
                    + "\"readonly\", \"type\": \"bool\"}, {\"name\": \"align\", \"type\": \"int\"}, {\"name\": \"pmem\", "
                    + "\"type\": \"bool\"}, {\"name\": \"mem-path\", \"type\": \"string\"}, {\"name\": "
                    + "\"discard-data\", \"type\": \"bool\"}]}");
            assertThat(q.returnOf("{\"execute\": \"qom-list-types\", \"arguments\": {\"abstract\": true}}")
                    .findValuesAsText("name")).doesNotContain("memory-backend-file");
            assertThat(q.execute(typename("device-list-properties", "memory-backend-file"))).isEqualTo("{\"error\": "
                    + "{\"class\": \"DeviceNotFound\", \"desc\": \"Device 'memory-backend-file' not found\"}}");
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
