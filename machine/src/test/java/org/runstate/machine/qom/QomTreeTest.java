package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qom-list} and {@code qom-get} over the tree of what runstate-vm has. */
class QomTreeTest {
    @TempDir
    Path dir;

    private static String list(final String path) {
        return "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"" + path + "\"}}";
    }

    private static String get(final String path, final String property) {
        return "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"" + path + "\", \"property\": \"" + property
                + "\"}}";
    }

    @Test
    void theRootHoldsMachineAndChardevsAndObjectsOnceThereAreAny() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(list("/"))).isEqualTo("{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, "
                    + "{\"name\": \"machine\", \"type\": \"child<none-machine>\"}, "
                    + "{\"name\": \"chardevs\", \"type\": \"child<container>\"}]}");
            q.execute("{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"secret\", \"id\": \"s\", "
                    + "\"data\": \"x\"}}");
            assertThat(q.returnOf(list("/")).findValuesAsText("name")).containsExactly("type", "objects", "machine",
                    "chardevs");
        }
    }

    @Test
    void devicesWithAnIdAreUnderPeripheralTheOthersUnderPeripheralAnon() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-device", "pvpanic,id=pp", "-device", "pvpanic-pci", "-device", "i6300esb")) {
            assertThat(q.execute(list("/machine/peripheral"))).isEqualTo("{\"return\": [{\"name\": \"type\", \"type\": "
                    + "\"string\"}, {\"name\": \"pp\", \"type\": \"child<pvpanic>\"}]}");
            assertThat(q.execute(list("/machine/peripheral-anon"))).isEqualTo("{\"return\": [{\"name\": \"type\", "
                    + "\"type\": \"string\"}, {\"name\": \"device[0]\", \"type\": \"child<pvpanic-pci>\"}, "
                    + "{\"name\": \"device[1]\", \"type\": \"child<i6300esb>\"}]}");
        }
    }

    @Test
    void deviceProperiesReadTheirActualValues() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-device", "pvpanic,id=pp,events=1", "-device", "i6300esb,id=wdt,addr=5.0")) {
            assertThat(q.execute(get("/machine/peripheral/pp", "ioport"))).isEqualTo("{\"return\": 1285}");
            assertThat(q.execute(get("/machine/peripheral/pp", "events"))).isEqualTo("{\"return\": 1}");
            assertThat(q.execute(get("/machine/peripheral/wdt", "addr"))).isEqualTo("{\"return\": 40}");
            assertThat(q.execute(get("/machine/peripheral/wdt", "realized"))).isEqualTo("{\"return\": true}");
        }
    }

    @Test
    void cpusAreAtQemusUnattachedPaths() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-smp", "3")) {
            assertThat(q.returnOf(list("/machine/unattached")).findValuesAsText("name"))
                    .containsExactly("type", "device[0]", "device[2]", "device[3]");
            assertThat(q.execute(get("/machine/unattached/device[3]", "type")))
                    .isEqualTo("{\"return\": \"qemu64-x86_64-cpu\"}");
            assertThat(q.execute(get("/machine/unattached/device[3]", "core-id"))).isEqualTo("{\"return\": 2}");
        }
    }

    @Test
    void theMachineLinksItsRamBackend() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "pc")) {
            assertThat(q.execute(get("/machine", "memory-backend"))).isEqualTo("{\"return\": \"/objects/pc.ram\"}");
            assertThat(q.execute(get("/machine/memory-backend", "type")))
                    .isEqualTo("{\"return\": \"memory-backend-ram\"}");
            assertThat(q.execute(get("/machine", "hpet"))).isEqualTo("{\"return\": true}");
            assertThat(q.execute(get("/machine", "vmport"))).isEqualTo("{\"return\": \"on\"}");
        }
    }

    @Test
    void aPartialPathResolvesWhenItIsUnique() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(get("peripheral", "type"))).isEqualTo("{\"return\": \"container\"}");
            assertThat(q.execute(get("//machine/", "type"))).isEqualTo("{\"return\": \"none-machine\"}");
        }
    }

    @Test
    void theEmptyPathIsAmbiguous() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(list(""))).isEqualTo("{\"error\": {\"class\": \"GenericError\", "
                    + "\"desc\": \"Path '' is ambiguous\"}}");
        }
    }

    @Test
    void anUnknownPathIsDeviceNotFound() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(list("/nope"))).isEqualTo("{\"error\": {\"class\": \"DeviceNotFound\", "
                    + "\"desc\": \"Device '/nope' not found\"}}");
            assertThat(q.execute(get("/objects", "type"))).isEqualTo("{\"error\": {\"class\": \"DeviceNotFound\", "
                    + "\"desc\": \"Device '/objects' not found\"}}");
        }
    }

    @Test
    void anUnknownPropertyIsNotFoundWithTheObjectsType() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(get("/machine", "nope"))).isEqualTo("{\"error\": {\"class\": \"GenericError\", "
                    + "\"desc\": \"Property 'none-machine.nope' not found\"}}");
        }
    }
}
