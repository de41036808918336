package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.machine.RunstateVm;

/** {@code object-add}/{@code object-del} and {@code -object}, one registry. */
class ObjectAddTest {
    private static final String T = "\"qom-type\": \"memory-backend-ram\", ";

    @TempDir
    Path dir;

    private static String add(final String args) {
        return "{\"execute\": \"object-add\", \"arguments\": {" + args + "}}";
    }

    private static String del(final String args) {
        return "{\"execute\": \"object-del\", \"arguments\": {" + args + "}}";
    }

    private static String error(final String desc) {
        return "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + desc + "\"}}";
    }

    @Test
    void qmpCmdTestObjectAddFailureModesGetQemusAnswers() throws Exception {
        String ok = "{\"return\": {}}";
        try (QmpVm q = QmpVm.launch(dir, "-nodefaults", "-machine", "none")) {
            assertThat(q.execute(add(T + "\"id\": \"ram1\""))).isEqualTo(error("Parameter 'size' is missing"));
            assertThat(q.execute(add("\"id\": \"ram1\""))).isEqualTo(error("Parameter 'qom-type' is missing"));
            assertThat(q.execute(del("\"id\": \"ram1\""))).isEqualTo(error("object 'ram1' not found"));
            assertThat(q.execute(add(T + "\"id\": \"ram1\", \"size\": 1048576"))).isEqualTo(ok);
            assertThat(q.execute(add(T + "\"id\": \"ram1\", \"size\": 1048576")))
                    .isEqualTo(error("attempt to add duplicate property 'ram1' to object (type 'container')"));
            assertThat(q.execute(del("\"id\": \"ram1\""))).isEqualTo(ok);
            assertThat(q.execute(add(T + "\"id\": \"ram1\", \"size\": \"1048576\"")))
                    .isEqualTo(error("Parameter 'size' expects uint64"));
            assertThat(q.execute(add(T + "\"id\": \"ram1\", \"size\": 1048576"))).isEqualTo(ok);
            assertThat(q.execute(del("\"id\": \"ram1\""))).isEqualTo(ok);
            assertThat(q.execute(add(T + "\"size\": 1048576"))).isEqualTo(error("Parameter 'id' is missing"));
            assertThat(q.execute(add(T + "\"id\": \"ram1\", \"size\": 1048576"))).isEqualTo(ok);
            assertThat(q.execute(del("\"id\": \"ram1\""))).isEqualTo(ok);
            assertThat(q.execute(add(T + "\"id\": \"ram1\", \"sized\": 1048576")))
                    .isEqualTo(error("Parameter 'size' is missing"));
            assertThat(q.execute(add(T + "\"id\": \"ram1\", \"size\": 1048576"))).isEqualTo(ok);
            assertThat(q.execute(del("\"ida\": \"ram1\""))).isEqualTo(error("Parameter 'id' is missing"));
            assertThat(q.execute(del("\"id\": \"ram1\""))).isEqualTo(ok);
            assertThat(q.execute(del("\"id\": \"ram1\""))).isEqualTo(error("object 'ram1' not found"));
        }
    }

    @Test
    void objectsFromTheCommandLineAndQmpShareOneRegistry() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none", "-object", "secret,id=s0,data=abc")) {
            assertThat(q.execute(add("\"qom-type\": \"secret\", \"id\": \"s0\", \"data\": \"x\"")))
                    .isEqualTo(error("attempt to add duplicate property 's0' to object (type 'container')"));
            assertThat(q.returnOf("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/objects/s0\", "
                    + "\"property\": \"data\"}}").asText()).isEqualTo("abc");
            assertThat(q.execute(del("\"id\": \"s0\""))).isEqualTo("{\"return\": {}}");
        }
    }

    @Test
    void theMachinesRamBackendIsInUse() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "pc,memory-backend=mem", "-object",
                "memory-backend-ram,id=mem,size=64M")) {
            assertThat(q.execute(del("\"id\": \"mem\""))).isEqualTo(error("object 'mem' is in use, can not be deleted"));
        }
    }

    @Test
    void withoutMemoryBackendTheDefaultRamBackendExistsAsInQemu() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "pc", "-m", "64")) {
            assertThat(q.returnOf("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/objects/pc.ram\", "
                    + "\"property\": \"size\"}}").asLong()).isEqualTo(64L << 20);
            assertThat(q.execute(del("\"id\": \"pc.ram\""))).isEqualTo(error("object 'pc.ram' is in use, can not be deleted"));
        }
    }

    @Test
    void aBackendPreallocatesWithOneThreadPerVcpuByDefault() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-smp", "2", "-object", "memory-backend-ram,id=early,size=1M")) {
            q.execute(add(T + "\"id\": \"late\", \"size\": 1048576"));
            for (String id : new String[] {"early", "late"}) {
                assertThat(q.execute("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/objects/" + id
                        + "\", \"property\": \"prealloc-threads\"}}")).isEqualTo("{\"return\": 2}");
            }
        }
    }

    @Test
    void aSecretWithoutDataOrFileIsRefusedAsQemu() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(add("\"qom-type\": \"secret\", \"id\": \"s\"")))
                    .isEqualTo(error("Either 'file' or 'data' must be provided"));
        }
    }

    @Test
    void anObjectTypeRunstateLacksIsNotInTheSchema() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(add("\"qom-type\": \"memory-backend-file\", \"id\": \"f\"")))
                    .isEqualTo(error("Parameter 'qom-type' does not accept value 'memory-backend-file'"));
        }
    }

    @Test
    void aBadIdentifierIsRefused() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none")) {
            assertThat(q.execute(add(T + "\"id\": \"1ram\", \"size\": 1")))
                    .isEqualTo(error("Parameter 'id' expects an identifier"));
        }
    }

    @Test
    void commandLineObjectsAreCheckedAsQemuChecksThem() {
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-object", "memory-backend-ram,id=r"))
                .hasMessage("-object memory-backend-ram,id=r: Parameter 'size' is missing");
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-object", "memory-backend-ram,id=r,size=1M,sized=3"))
                .hasMessage("-object memory-backend-ram,id=r,size=1M,sized=3: Invalid parameter 'sized'");
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-object", "memory-backend-ram,id=r,size=0"))
                .hasMessage("property 'size' of memory-backend-ram doesn't take value '0'");
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-object",
                "{\"qom-type\":\"memory-backend-ram\",\"id\":\"r\",\"size\":\"1M\"}"))
                .hasMessage("-object {\"qom-type\":\"memory-backend-ram\",\"id\":\"r\",\"size\":\"1M\"}: "
                        + "Parameter 'size' expects uint64");
    }
}
