package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Replays every conformance scenario recorded from QEMU 7.2 against the in-process launcher and
 * requires the transcript to equal the golden byte for byte after normalisation (timestamps and
 * version numbers hidden; QEMU's key order, spacing and CRLF line ends required). One dynamic
 * test per scenario, named after it.
 *
 * <p><b>Which scenarios are skipped.</b> A scenario is reported as skipped (a JUnit assumption,
 * never a silent pass) when it needs something the launcher does not support yet. The needs are
 * read off the scenario by {@link LauncherSupport#needs}: a machine type other than {@code pc},
 * every {@code -device}, a {@code -cpu} model (parsed but ignored by the launcher today, so a
 * successful launch would not prove support), and every port, address, MSR or qtest extension an
 * {@code io} step touches (the machine's bus is empty, so any of those needs a device model).
 * Anything not in the explicit list {@link LauncherSupport#SUPPORTED} is missing and is named in
 * the skip reason. A scenario with no missing need must launch and pass: if the launcher refuses
 * its command line, that is a failure, not a skip.
 *
 * <p>System properties: {@code -Dconformance.runAll=true} runs skipped scenarios too (a launch
 * refusal then still skips, with the launcher's message; anything else is compared and may fail),
 * to see where a device in progress stands; {@code -Dconformance.settleMs=N} changes the quiet time
 * before each sync (default 50 ms, as {@code run.py --cmd-settle-ms}; 0 makes ordering races
 * between events and replies visible).
 */
class ConformanceScenariosTest {
    private static final boolean RUN_ALL = Boolean.getBoolean("conformance.runAll");
    private static final ScenarioReplayer.Options OPTIONS = ScenarioReplayer.Options.RUN_PY
            .withSettle(Duration.ofMillis(Long.getLong("conformance.settleMs", 50)));

    @TestFactory
    Stream<DynamicTest> scenarios(@TempDir final Path tmp) {
        return ScenarioCatalog.QEMU.scenarioNames().stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> run(name, tmp)));
    }

    private static void run(final String name, final Path tmp) throws Exception {
        Scenario sc = Scenario.parse(ScenarioCatalog.QEMU.scenarioText(name));
        Assumptions.assumeTrue(sc.targets().contains("cmd"), name + ": not meant for the cmd target");
        List<LauncherSupport.Need> missing = LauncherSupport.missing(sc);
        if (!RUN_ALL) {
            Assumptions.assumeTrue(missing.isEmpty(), () -> name + " needs what the launcher does not support yet: "
                    + missing.stream().map(LauncherSupport.Need::label).collect(Collectors.joining(", ")));
        }
        List<ObjectNode> actual;
        try {
            actual = ScenarioCheck.replay(sc, tmp, OPTIONS);
        } catch (ScenarioReplayer.LaunchRefusedException e) {
            if (!missing.isEmpty()) {
                Assumptions.abort(name + ": the launcher does not support it yet: " + e.getMessage());
            }
            throw new AssertionFailedError(name + ": the launcher refused a scenario whose needs are all listed as "
                    + "supported (" + LauncherSupport.needs(sc) + "): " + e.getMessage(), e);
        }
        ScenarioCheck.assertMatches(name, "QEMU 7.2", Transcripts.records(ScenarioCatalog.QEMU.goldenText(name)), actual);
    }
}
