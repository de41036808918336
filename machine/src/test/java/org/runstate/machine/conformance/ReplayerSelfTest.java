package org.runstate.machine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replayer itself: it must behave as {@code run.py --target cmd} and its comparison must not
 * let differences through.
 *
 * <p>The {@code conformance/replayer-selftest/} scenarios exercise protocol corners the QEMU
 * scenarios touch little (the pre-negotiation sync error, {@code nosync} attribution,
 * {@code qmp_hex}, a raw line without its newline, io read/write recording, {@code wait_ms}, steps
 * skipped after EOF, {@code expect_exit} after EOF); their transcripts were recorded by
 * {@code run.py} against {@code runstate-vm}, so they pin this replayer to run.py, not the
 * launcher to QEMU.
 */
class ReplayerSelfTest {
    private static final ScenarioReplayer.Options OPTIONS = ScenarioReplayer.Options.RUN_PY;

    @TestFactory
    Stream<DynamicTest> replaysLikeRunPy(@TempDir final Path tmp) {
        ScenarioCatalog c = ScenarioCatalog.REPLAYER_SELF_TEST;
        return c.scenarioNames().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Scenario sc = Scenario.parse(c.scenarioText(name));
            ScenarioCheck.assertMatches(name, "run.py", Transcripts.records(c.goldenText(name)),
                    ScenarioCheck.replay(sc, tmp, OPTIONS));
        }));
    }

    @Test
    void keyOrderDifferenceFailsAndIsNamedAsSuch() {
        List<ObjectNode> golden = Transcripts.records(ScenarioCatalog.QEMU.goldenText("runstate-quit"));
        List<ObjectNode> reordered = copy(golden);
        reordered.get(2).putArray("recv")
                .add("{\"return\": {\"running\": true, \"singlestep\": false, \"status\": \"running\"}}");

        Optional<String> diff = Transcripts.firstDifference(golden, reordered);

        assertThat(diff).hasValueSatisfying(d -> assertThat(d)
                .contains("first difference at step 1")
                .contains("-   <- {\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}}")
                .contains("+   <- {\"return\": {\"running\": true, \"singlestep\": false, \"status\": \"running\"}}")
                .contains("JSON-equal to QEMU's messages, but not byte-exact"));
    }

    @Test
    void exitStatusEofAndMissingStepsAreDifferences() {
        List<ObjectNode> golden = Transcripts.records(ScenarioCatalog.QEMU.goldenText("runstate-quit"));

        List<ObjectNode> wrongExit = copy(golden);
        wrongExit.get(4).put("exit", 1);
        assertThat(Transcripts.firstDifference(golden, wrongExit)).hasValueSatisfying(d -> assertThat(d)
                .contains("-   exit: 0").contains("+   exit: 1").doesNotContain("JSON-equal"));

        List<ObjectNode> noEof = copy(golden);
        noEof.get(3).remove("eof");
        assertThat(Transcripts.firstDifference(golden, noEof)).hasValueSatisfying(d -> assertThat(d)
                .contains("first difference at step 2").contains("-   eof: true"));

        List<ObjectNode> truncated = copy(golden).subList(0, 3);
        assertThat(Transcripts.firstDifference(golden, truncated)).hasValueSatisfying(d -> assertThat(d)
                .contains("+ (nothing)"));

        assertThat(Transcripts.firstDifference(golden, copy(golden))).isEmpty();
    }

    @Test
    void changedScenarioStepIsReportedAsSuch() {
        List<ObjectNode> golden = Transcripts.records(ScenarioCatalog.QEMU.goldenText("runstate-quit"));
        List<ObjectNode> other = copy(golden);
        ((ObjectNode) other.get(2).get("send").get("qmp")).put("execute", "stop");

        assertThat(Transcripts.firstDifference(golden, other))
                .hasValueSatisfying(d -> assertThat(d).contains("scenario step differs from the golden's"));
    }

    @Test
    void normalisesTimestampsAndGreetingAndMarksLineEnds() {
        QmpNormalizer n = new QmpNormalizer();
        assertThat(n.message(bytes("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
                + "\"package\": \"Debian 1:7.2\"}, \"capabilities\": [\"oob\"]}}\r\n"), true))
                .isEqualTo("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": \"<int>\", \"minor\": \"<int>\", "
                        + "\"major\": \"<int>\"}, \"package\": \"<str>\"}, \"capabilities\": [\"oob\"]}}");
        assertThat(n.message(bytes("{\"timestamp\": {\"seconds\": 17, \"microseconds\": 5}, \"event\": \"STOP\"}\r\n"),
                false)).isEqualTo("{\"timestamp\": {\"seconds\": \"<int>\", \"microseconds\": \"<int>\"}, \"event\": \"STOP\"}");
        assertThat(n.message(bytes("{\"return\": {}}\n"), false)).isEqualTo("{\"return\": {}} <EOL=LF, QEMU sends CRLF>");
        assertThat(n.message(bytes("{\"return\": {}}"), false)).isEqualTo("{\"return\": {}} <NO EOL before EOF>");
        assertThat(n.message(bytes("oops\r\n"), false)).isEqualTo("<NOT JSON> oops");
        assertThat(n.message(bytes("[1]\r\n"), false)).isEqualTo("<NOT AN OBJECT> [1]");
        assertThat(n.message(new byte[] {(byte) 0xff, '\r', '\n'}, false)).isEqualTo("<NOT UTF-8> ff");
        assertThat(n.anomalies()).isEmpty();
    }

    @Test
    void otherSpellingsAreNormalisedStructurallyAndThenDifferByteWise() {
        QmpNormalizer n = new QmpNormalizer();
        String s = n.message(bytes("{\"event\":\"STOP\",\"timestamp\":{\"microseconds\":5,\"seconds\":17}}\r\n"), false);
        assertThat(s).isEqualTo("{\"event\": \"STOP\", \"timestamp\": {\"seconds\": \"<int>\", \"microseconds\": \"<int>\"}}");
        String g = n.message(bytes("{\"QMP\": {\"version\": {\"package\": \"\", \"qemu\": {\"major\": 7, \"minor\": 2, "
                + "\"micro\": 0}}, \"capabilities\": []}}\r\n"), true);
        assertThat(g).isEqualTo("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": \"<int>\", \"minor\": \"<int>\", "
                + "\"major\": \"<int>\"}, \"package\": \"<str>\"}, \"capabilities\": []}}");
        assertThat(n.anomalies()).isEmpty();
    }

    @Test
    void timestampAnomaliesAreRecordedButRateLimitedEventsAreExempt() {
        QmpNormalizer n = new QmpNormalizer();
        n.message(bytes("{\"timestamp\": {\"seconds\": 20, \"microseconds\": 0}, \"event\": \"STOP\"}\r\n"), false);
        n.message(bytes("{\"timestamp\": {\"seconds\": 19, \"microseconds\": 0}, \"event\": \"WATCHDOG\"}\r\n"), false);
        assertThat(n.anomalies()).isEmpty();
        n.message(bytes("{\"timestamp\": {\"seconds\": 19, \"microseconds\": 999999}, \"event\": \"RESUME\"}\r\n"), false);
        n.message(bytes("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 1000000}, \"event\": \"RESET\"}\r\n"), false);
        n.message(bytes("{\"QMP\": {}}\r\n"), true);
        assertThat(n.anomalies()).containsExactly("timestamp of RESUME goes backwards",
                "bad timestamp {\"seconds\": 1, \"microseconds\": 1000000} in RESET",
                "greeting without QMP.version.{qemu.{micro,minor,major},package}");
    }

    @Test
    void sendsJsonAsPythonsJsonDumps() {
        assertThat(PyJson.dumps(PyJson.parse("{\"execute\":\"query-status\",\"id\":[1,\"two\",{\"three\":3},2.5,true,null]}")))
                .isEqualTo("{\"execute\": \"query-status\", \"id\": [1, \"two\", {\"three\": 3}, 2.5, true, null]}");
        assertThat(PyJson.dumps(PyJson.parse("\"\\u00e9\\n\\u0001\\u007f\\\"\""))).isEqualTo("\"\\u00e9\\n\\u0001\\u007f\\\"\"");
        assertThat(PyJson.dumps(PyJson.parse("{}"))).isEqualTo("{}");
        assertThat(PyJson.dumps(PyJson.parse("[]"))).isEqualTo("[]");
        assertThat(PyJson.pyFloat(1e16)).isEqualTo("1e+16");
        assertThat(PyJson.pyFloat(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PyJson.pyFloat(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(PyJson.pyFloat(1e-4)).isEqualTo("0.0001");
        assertThat(PyJson.pyFloat(-2.0)).isEqualTo("-2.0");
        assertThat(PyJson.pyFloat(0.1)).isEqualTo("0.1");
        assertThat(PyJson.pyFloat(5e-324)).isEqualTo("5e-324");
        assertThat(PyJson.pyFloat(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(PyJson.dumpsSorted(PyJson.parse("{\"b\": 1, \"a\": {\"d\": 2, \"c\": 3}}")))
                .isEqualTo("{\"a\": {\"c\": 3, \"d\": 2}, \"b\": 1}");
    }

    @Test
    void lineDiffMarksOnlyWhatDiffers() {
        assertThat(LineDiff.diff(List.of("a", "b", "c"), List.of("a", "x", "c")))
                .containsExactly("  a", "- b", "+ x", "  c");
    }

    private static List<ObjectNode> copy(final List<ObjectNode> records) {
        return new java.util.ArrayList<>(records.stream().map(ObjectNode::deepCopy).toList());
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
