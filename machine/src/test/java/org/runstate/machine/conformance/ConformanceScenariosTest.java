package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every conformance scenario recorded from QEMU 7.2 against the in-process launcher and
 * requires the transcript to equal the golden byte for byte after normalisation (timestamps and
 * version numbers hidden; QEMU's key order, spacing and CRLF line ends required). One dynamic
 * test per scenario, named after it. Nothing is skipped: a scenario needing a device, port or
 * option the launcher lacks fails.
 *
 * <p>System property {@code -Dconformance.settleMs=N} changes the quiet time before each sync
 * (default 50 ms, as {@code run.py --cmd-settle-ms}; 0 makes ordering races between events and
 * replies visible).
 */
class ConformanceScenariosTest {
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
        List<ObjectNode> actual = ScenarioCheck.replay(sc, tmp, OPTIONS);
        ScenarioCheck.assertMatches(name, "QEMU 7.2", Transcripts.records(ScenarioCatalog.QEMU.goldenText(name)), actual);
    }
}
