package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs and outputs copied from transcripts recorded on QEMU 7.2 (conformance scenarios
 * {@code qmp-json-parse-errors}, {@code qmp-pipelined-split} and {@code qmp-id-echo-types}),
 * replayed through the streamer and the writer. Event lines of the recordings are left out.
 */
final class GoldenTranscriptTest {
    private static final String STATUS_RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";
    private static final String STATUS_PAUSED = "{\"status\": \"paused\", \"singlestep\": false, \"running\": false}";

    private final GoldenResponder qmp = new GoldenResponder();

    @Test
    void parseErrorsStep1BadKeywordAsValue() {
        assertThat(qmp.send("{\"execute\": nonsense}\n")).containsExactly("""
                {"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword 'nonsense'"}}""");
    }

    @Test
    void parseErrorsStep2NewlineEndsTheStringAsStray() {
        assertThat(qmp.send("{\"execute\": \"query-status\n")).containsExactly("""
                {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\"query-status\\n'"}}""");
    }

    @Test
    void parseErrorsStep3BadEscape() {
        assertThat(qmp.send("{\"execute\": \"query-\\xstatus\"}\n")).containsExactly("""
                {"error": {"class": "GenericError", "desc": "JSON parse error, invalid escape sequence in string"}}""");
    }

    @Test
    void parseErrorsStep4LoneClosingBrace() {
        assertThat(qmp.send("}\n")).containsExactly("""
                {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}""");
    }

    @Test
    void parseErrorsStep5GarbageBetweenObjects() {
        assertThat(qmp.send("{\"execute\": \"query-status\", \"id\": 1} garbage "
                + "{\"execute\": \"query-status\", \"id\": 2}\n")).containsExactly(
                "{\"return\": " + STATUS_RUNNING + ", \"id\": 1}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, invalid keyword 'garbage'\"}}",
                "{\"return\": " + STATUS_RUNNING + ", \"id\": 2}");
    }

    @Test
    void parseErrorsWholeScenarioLeavesTheConnectionUsable() {
        qmp.send("{\"execute\": \"qmp_capabilities\"}\n");
        qmp.send("{\"execute\": nonsense}\n");
        qmp.send("{\"execute\": \"query-status\n");
        qmp.send("{\"execute\": \"query-\\xstatus\"}\n");
        qmp.send("}\n");
        qmp.send("{\"execute\": \"query-status\", \"id\": 1} garbage {\"execute\": \"query-status\", \"id\": 2}\n");
        assertThat(qmp.send("{\"execute\": \"query-status\", \"id\": \"still-alive\"}\n"))
                .containsExactly("{\"return\": " + STATUS_RUNNING + ", \"id\": \"still-alive\"}");
    }

    @Test
    void pipelinedStep1FiveCommandsInOneWriteAreAnsweredInOrder() {
        assertThat(qmp.send("{\"execute\": \"query-status\", \"id\": 1}{\"execute\": \"stop\", \"id\": 2}\n"
                + "{\"execute\": \"query-status\", \"id\": 3}{\"execute\": \"cont\", \"id\": 4}"
                + "{\"execute\": \"query-status\", \"id\": 5}\n")).containsExactly(
                "{\"return\": " + STATUS_RUNNING + ", \"id\": 1}",
                "{\"return\": {}, \"id\": 2}",
                "{\"return\": " + STATUS_PAUSED + ", \"id\": 3}",
                "{\"return\": {}, \"id\": 4}",
                "{\"return\": " + STATUS_RUNNING + ", \"id\": 5}");
    }

    @Test
    void pipelinedStep2CommandSplitAcrossTwoWrites() {
        assertThat(qmp.send("{\"execute\": \"query-")).isEmpty();
        assertThat(qmp.send("status\", \"id\": \"split\"}\n"))
                .containsExactly("{\"return\": " + STATUS_RUNNING + ", \"id\": \"split\"}");
    }

    @Test
    void pipelinedStep3CommandSplitAcrossThreeWrites() {
        assertThat(qmp.send("{\"execute\"")).isEmpty();
        assertThat(qmp.send(": \"stop\", \"id\"")).isEmpty();
        assertThat(qmp.send(": \"split-2\"}\n")).containsExactly("{\"return\": {}, \"id\": \"split-2\"}");
    }

    @Test
    void pipelinedStep4ClosingBraceCompletesBeforeTheNewline() {
        assertThat(qmp.send("{\"execute\": \"cont\", ")).isEmpty();
        assertThat(qmp.send("\"id\": \"split-3\"}")).containsExactly("{\"return\": {}, \"id\": \"split-3\"}");
        assertThat(qmp.send("\n")).isEmpty();
    }

    @Test
    void idEchoTypesAreWrittenBackVerbatim() {
        final List<String> ids = List.of("\"text\"", "42", "-7", "2.5", "true", "null",
                "[1, \"two\", {\"three\": 3}]", "{\"a\": [1, null, false]}", "\"\"");
        for (final String id : ids) {
            assertThat(qmp.send("{\"execute\": \"query-status\", \"id\": " + id + "}\n"))
                    .as("id %s", id)
                    .containsExactly("{\"return\": " + STATUS_RUNNING + ", \"id\": " + id + "}");
        }
    }
}
