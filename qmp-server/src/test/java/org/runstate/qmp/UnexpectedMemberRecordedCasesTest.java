package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.runstate.core.Machine;
import org.runstate.qmp.json.JsonMessage;
import org.runstate.qmp.json.JsonStreamer;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * Replays requests with unexpected members recorded from QEMU 7.2.22 (Debian, GLib 2.74.6)
 * through the real lexer, parser and dispatcher, and compares every response line byte for byte.
 * With several unknown arguments QEMU names the first key of a GLib hash table
 * ({@link GHashTableOrder}); unknown request members are named in QDict order. The cases come
 * from {@code src/test/qemu/record-unexpected-members.py}: query-status, watchdog-set-action,
 * set-action and qmp_capabilities (before and after negotiation) with 1 to 300 unknown keys of
 * varied lengths, unicode, keys sharing a g_str_hash or a first probe, keys hashing to 0, 1 and 2,
 * key sets around the growth thresholds in several orders.
 */
final class UnexpectedMemberRecordedCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOURCE = "unexpected-member-cases.json";

    private static Machine machine;
    private static QmpDispatcher dispatcher;

    @BeforeAll
    static void start() {
        machine = Machine.builder().build().start();
        QmpServerOptions o = QmpServerOptions.defaults();
        dispatcher = new QmpDispatcher(machine,
                new QmpCommandTable(machine, QmpMessages.versionInfo(o.version(), o.pkg())), o.capabilities());
    }

    @AfterAll
    static void stop() {
        machine.close();
    }

    @Test
    void everyRecordedResponseIsReproduced() throws Exception {
        JsonNode cases = load().get("cases");
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            NegotiationState session = new NegotiationState();
            if (c.get("negotiated").booleanValue()) {
                session.negotiated(false);
            }
            String request = c.get("request").textValue();
            String expected = c.get("response").textValue() + "\r\n";
            String actual = dispatcher.dispatch(session, parse(request)).get(10, TimeUnit.SECONDS);
            if (!expected.equals(actual)) {
                mismatches.add(c.get("group").textValue() + ": " + request + "\n  QEMU:     " + expected
                        + "  runstate: " + actual);
            }
        }
        assertThat(mismatches).as("%d of %d cases differ", mismatches.size(), cases.size()).isEmpty();
    }

    @Test
    void theRecordingCoversWhatItClaims() throws Exception {
        JsonNode cases = load().get("cases");
        assertThat(cases.size()).isGreaterThan(1000);
        TreeSet<String> groups = new TreeSet<>();
        int severalUnknown = 0;
        int notTheFirstInQdictOrder = 0;
        for (JsonNode c : cases) {
            groups.add(c.get("group").textValue());
            JsonNode request = JSON.readTree(c.get("request").textValue());
            JsonNode args = request.get("arguments");
            String desc = JSON.readTree(c.get("response").textValue()).get("error").get("desc").textValue();
            if (c.get("group").textValue().startsWith("query-status") && args.size() > 2) {
                severalUnknown++;
                String named = desc.substring("Parameter '".length(), desc.length() - "' is unexpected".length());
                if (!named.equals(QmpJsonWriter.qdictKeyOrder((ObjectNode) args).get(0))) {
                    notTheFirstInQdictOrder++;
                }
            }
        }
        assertThat(groups).contains("query-status-ident", "watchdog-set-action", "set-action",
                "qmp_capabilities-negotiation", "qmp_capabilities-negotiated", "request-members",
                "request-members-negotiation", "query-status-hash-0-1-2", "query-status-equal-hash");
        assertThat(severalUnknown).isGreaterThan(700);
        // the point of the recording: QEMU usually names some key other than the first one
        assertThat(notTheFirstInQdictOrder).isGreaterThan(severalUnknown / 2);
    }

    private static JsonNode load() throws Exception {
        try (InputStream in = UnexpectedMemberRecordedCasesTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return JSON.readTree(in);
        }
    }

    /** The request as the server's framing would hand it to the dispatcher. */
    private static JsonMessage parse(final String line) {
        List<JsonMessage> out = new ArrayList<>();
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        new JsonStreamer(out::add).feed(bytes, 0, bytes.length);
        assertThat(out).as("messages in %s", line).hasSize(1);
        return out.get(0);
    }
}
