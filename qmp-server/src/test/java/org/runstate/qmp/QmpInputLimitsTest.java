package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.runstate.qmp.QmpTestClient.RUNNING;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.qmp.json.JsonStreamer;

/** The streamer's limits reached over a socket: QEMU's errors, then the session goes on. */
final class QmpInputLimitsTest {
    private static final int MAX_MESSAGE_BYTES = 1024;
    private static final String AFTER = "{\"execute\": \"query-status\", \"id\": \"after\"}\n";
    private static final String AFTER_REPLY = "{\"return\": " + RUNNING + ", \"id\": \"after\"}";

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();
    private QmpTestClient client;

    /** A server whose requests may take {@code maxMessageBytes}, and a negotiated client. */
    private void start(final int maxMessageBytes) throws IOException {
        qmp.start(QmpTestServer.options(64, 4096, maxMessageBytes));
        client = qmp.connectNegotiated();
    }

    @Test
    void requestJustWithinTheSizeLimitIsServed() throws IOException {
        start(MAX_MESSAGE_BYTES);
        String id = "X".repeat(900);
        assertThat(client.execute("{\"execute\": \"query-status\", \"id\": \"" + id + "\"}"))
                .isEqualTo("{\"return\": " + RUNNING + ", \"id\": \"" + id + "\"}");
    }

    @Test
    void hugeStringGivesTheTokenSizeLimitErrorAndTheSessionRecovers() throws IOException {
        start(MAX_MESSAGE_BYTES);
        client.send("{\"execute\": \"query-status\", \"id\": \"" + "X".repeat(50_000) + "\"}\n" + AFTER);
        List<String> lines = client.readLinesThrough("\"after\"");
        // the string token is cut off at the limit; the rest of it is lexed afresh: 'X' is a
        // lexical error, which skips up to the '}' that then closes nothing
        assertThat(lines).containsExactly(
                error("JSON token size limit exceeded"),
                error("JSON parse error, stray 'X'"),
                error("JSON parse error, expecting value"),
                AFTER_REPLY);
    }

    @Test
    void nesting1025DeepGivesTheDepthErrorThenOneExpectingValuePerCloserThenTheSessionWorks() throws IOException {
        start(JsonStreamer.DEFAULT_MAX_TOKEN_SIZE);
        client.send("[".repeat(1025) + "]".repeat(1025) + "\n" + AFTER);
        List<String> expected = new ArrayList<>();
        expected.add(error("JSON nesting depth limit exceeded"));
        expected.addAll(Collections.nCopies(1025, error("JSON parse error, expecting value")));
        expected.add(AFTER_REPLY);
        assertThat(client.readLinesThrough("\"after\"")).containsExactlyElementsOf(expected);
    }

    @Test
    void nesting1024DeepIsAcceptedAsJson() throws IOException {
        start(JsonStreamer.DEFAULT_MAX_TOKEN_SIZE);
        client.send("[".repeat(1024) + "]".repeat(1024) + "\n" + AFTER);
        assertThat(client.readLinesThrough("\"after\""))
                .containsExactly(error("QMP input must be a JSON object"), AFTER_REPLY);
    }

    private static String error(final String desc) {
        return "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + desc + "\"}}";
    }
}
