package org.runstate.machine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The suite's copy of the scenarios is complete and consistent: every scenario has its golden
 * and vice versa, each golden belongs to its scenario step for step, every scenario recorded
 * when the copy was made is present, and so is every scenario recorded from QEMU 7.2 for this
 * copy only.
 */
class ScenarioSetCompletenessTest {
    /** The scenarios of the shared oracle when they were copied (more may be added). */
    private static final List<String> COPIED = List.of(
            "acpi-s3-suspend-wakeup", "acpi-soft-off", "actions-set-action-values",
            "actions-watchdog-set-action-values", "guest-reset-cf9", "guest-reset-no-reboot", "hyperv-crash-pause",
            "pvpanic-default-shutdown-exit", "pvpanic-none-and-crashloaded", "pvpanic-pause-cont", "pvpanic-pci-pause",
            "pvpanic-read-events", "pvpanic-runtime-action-change", "qmp-argument-errors", "qmp-greeting-negotiation",
            "qmp-id-echo-types", "qmp-json-parse-errors", "qmp-malformed-requests", "qmp-oob-capability",
            "qmp-pipelined-split", "runstate-inmigrate", "runstate-powerdown-wakeup-errors", "runstate-prelaunch",
            "runstate-quit", "runstate-reset-while-paused", "runstate-shutdown-no-shutdown",
            "runstate-stop-cont-idempotent", "s390-diag308-load-normal-no-reboot", "s390-diag308-reipl",
            "s390-enabled-wait-ext", "s390-inject-nmi-restart", "s390-panic-default-shutdown", "s390-panic-no-shutdown",
            "s390-panic-none", "s390-panic-pause", "s390-panic-powerdown", "s390-panic-reset-then-cont",
            "s390-panic-set-action-pause", "s390-powerdown-no-listener", "s390-quiesce-powerdown-no-shutdown",
            "s390-smp2-cpu1-stopped", "s390-smp2-last-cpu-reports", "s390-wait-fff-no-shutdown-reset",
            "s390-wait-fff-shutdown", "wdt-action-change-runtime", "wdt-expire-inject-nmi", "wdt-expire-pause",
            "wdt-expire-poweroff", "wdt-expire-reset", "wdt-lock-bit", "wdt-pci-identity", "wdt-petting",
            "wdt-rate-limit", "wdt-system-reset-disables");

    /** Scenarios recorded from QEMU 7.2 (with the shared runner) straight into this copy. */
    private static final List<String> RECORDED_HERE = List.of(
            "acpi-apm-ports", "ib700-ping-stop-pause", "ib700-wide-writes", "ib700-zero-timeout-system-reset",
            "mmio-unaligned-reads", "mmio-unaligned-writes", "rtc-alarm-s3-wakeup", "rtc-change-guest-set",
            "rtc-cmos-registers", "rtc-time-formats", "wdt-quad-write-unlock", "wdt-rate-limit-no-reboot-exit",
            "wdt-rate-limit-poweroff-exit");

    @Test
    void everyScenarioHasItsGoldenAndNothingElseIsThere() {
        List<String> files = ScenarioCatalog.QEMU.fileNames();
        List<String> problems = new ArrayList<>();
        for (String f : files) {
            if (f.endsWith(ScenarioCatalog.GOLDEN_SUFFIX)) {
                String name = f.substring(0, f.length() - ScenarioCatalog.GOLDEN_SUFFIX.length());
                if (!files.contains(name + ScenarioCatalog.SCENARIO_SUFFIX)) {
                    problems.add(f + " has no scenario");
                }
            } else if (f.endsWith(ScenarioCatalog.SCENARIO_SUFFIX)) {
                String name = f.substring(0, f.length() - ScenarioCatalog.SCENARIO_SUFFIX.length());
                if (!files.contains(name + ScenarioCatalog.GOLDEN_SUFFIX)) {
                    problems.add(f + " has no golden transcript");
                }
            } else {
                problems.add(f + " is neither a scenario nor a golden transcript");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyScenarioCopiedFromTheOracleIsPresent() {
        assertThat(ScenarioCatalog.QEMU.scenarioNames()).containsAll(COPIED);
    }

    @Test
    void everyScenarioRecordedForThisCopyIsPresent() {
        assertThat(ScenarioCatalog.QEMU.scenarioNames()).containsAll(RECORDED_HERE);
    }

    @Test
    void eachGoldenBelongsToItsScenarioStepForStep() {
        List<String> problems = new ArrayList<>();
        for (String name : ScenarioCatalog.QEMU.scenarioNames()) {
            Scenario sc = Scenario.parse(ScenarioCatalog.QEMU.scenarioText(name));
            String golden = ScenarioCatalog.QEMU.goldenText(name);
            if (!sc.name().equals(name)) {
                problems.add(name + ".json is named '" + sc.name() + "'");
            }
            if (!Transcripts.header(golden).path("scenario").asText().equals(name)) {
                problems.add(name + ".golden.jsonl is for '" + Transcripts.header(golden).path("scenario").asText() + "'");
            }
            List<ObjectNode> records = Transcripts.records(golden);
            if (records.size() != sc.steps().size() + 1 || !records.get(0).path("step").asText().equals("greeting")) {
                problems.add(name + ": golden has " + records.size() + " records for a greeting and "
                        + sc.steps().size() + " steps");
                continue;
            }
            for (int i = 0; i < sc.steps().size(); i++) {
                if (!sc.steps().get(i).equals(records.get(i + 1).get("send"))) {
                    problems.add(name + ": step " + i + " differs from the golden's (re-record?)");
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
