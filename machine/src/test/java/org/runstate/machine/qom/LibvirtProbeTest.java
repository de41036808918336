package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What libvirt 9.0 sends (src/qemu/qemu_capabilities.c virQEMUCapsInitQMPMonitor, qemu_process.c)
 * and treats as fatal when a command is missing or fails in a way it does not tolerate.
 */
class LibvirtProbeTest {
    /** virQEMUCapsDeviceProps entries without a capability condition. */
    private static final List<String> PROBED_DEVICES = List.of("virtio-blk-pci", "scsi-hd", "ide-hd", "PIIX4_PM",
            "kvm-pit", "virtio-balloon-pci", "virtio-balloon-ccw", "virtio-balloon-device", "usb-host");

    @TempDir
    Path dir;

    @Test
    void probeSequenceAnswersNoCommandNotFoundExceptTpm() throws Exception {
        List<String> probe = new ArrayList<>(List.of("query-version", "query-target", "query-qmp-schema",
                "query-commands", "query-kvm", "qom-list-types"));
        PROBED_DEVICES.forEach(d -> probe.add("device-list-properties:" + d));
        probe.addAll(List.of("qom-list-properties:memory-backend-file", "query-machines",
                "qom-list-properties:none-machine", "query-cpu-definitions", "query-tpm-models",
                "query-command-line-options", "query-migrate-capabilities"));
        try (QmpVm q = QmpVm.launch(dir, "-S", "-no-user-config", "-nodefaults", "-nographic", "-machine",
                "none,accel=kvm:tcg")) {
            for (String step : probe) {
                JsonNode r = q.reply(command(step));
                String cls = r.path("error").path("class").asText("");
                if (step.equals("query-tpm-models")) {
                    assertThat(cls).as(step).isEqualTo("CommandNotFound");
                } else if (step.startsWith("device-list-properties:")) {
                    // libvirt's qemuMonitorJSONGetDeviceProps takes DeviceNotFound as an empty property set
                    assertThat(cls).as(step).isEqualTo("DeviceNotFound");
                } else if (step.equals("qom-list-properties:memory-backend-file")) {
                    // virQEMUCapsProbeQMPObjectProperties walks the list unconditionally: DeviceNotFound
                    // leaves it NULL and libvirtd 9.0 dies of SIGSEGV in virQEMUCapsProcessStringFlags
                    assertThat(r.path("return").findValuesAsText("name")).as(step).contains("pmem",
                            "x-use-canonical-path-for-ramblock-id", "reserve", "prealloc-threads");
                } else {
                    assertThat(r.has("return")).as(step + " -> " + r).isTrue();
                }
            }
        }
    }

    @Test
    void domainStartSequenceAnswersEveryCommand() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-S", "-machine", "pc,accel=tcg", "-smp", "2", "-object",
                "{\"qom-type\":\"memory-backend-ram\",\"id\":\"pc.ram\",\"size\":134217728}", "-machine",
                "memory-backend=pc.ram", "-m", "128", "-device", "i6300esb,id=watchdog0,bus=pci.0,addr=0x4")) {
            assertThat(q.execute("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                    + "[{\"capability\":\"events\",\"state\":true}]}}")).isEqualTo("{\"return\": {}}");
            assertThat(q.returnOf("{\"execute\":\"query-chardev\"}").get(0).get("label").asText())
                    .isEqualTo("compat_monitor0");
            JsonNode cpus = q.returnOf("{\"execute\":\"query-cpus-fast\"}");
            assertThat(cpus).hasSize(2);
            String cpu0 = cpus.get(0).get("qom-path").asText();
            assertThat(q.returnOf("{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"" + cpu0 + "\"}}")
                    .findValuesAsText("name")).contains("type", "hv-crash").doesNotContain("feature-words");
            assertThat(q.returnOf("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"" + cpu0
                    + "\",\"property\":\"hv-crash\"}}").asBoolean(true)).isFalse();
            assertThat(q.returnOf("{\"execute\":\"query-iothreads\"}")).isEmpty();
            assertThat(q.returnOf("{\"execute\":\"query-named-block-nodes\",\"arguments\":{\"flat\":true}}")).isEmpty();
            assertThat(q.returnOf("{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/machine/peripheral\"}}"))
                    .isEqualTo(QmpVm.json("[{\"name\":\"type\",\"type\":\"string\"},"
                            + "{\"name\":\"watchdog0\",\"type\":\"child<i6300esb>\"}]"));
            assertThat(q.returnOf("{\"execute\":\"query-block\"}")).isEmpty();
        }
    }

    /** {@code name} or {@code name:typename}. */
    private static String command(final String step) {
        int colon = step.indexOf(':');
        if (colon < 0) {
            return "{\"execute\":\"" + step + "\"}";
        }
        return "{\"execute\":\"" + step.substring(0, colon) + "\",\"arguments\":{\"typename\":\""
                + step.substring(colon + 1) + "\"}}";
    }
}
