package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.runstate.core.Machine;
import org.runstate.qmp.json.JsonMessage;
import org.runstate.qmp.json.JsonStreamer;

/**
 * Jazzer fuzz test of the whole QMP input path: bytes from a client go through QEMU's framing,
 * lexer and parser ({@link JsonStreamer}) and the dispatcher ({@link QmpDispatcher}) of a real,
 * running {@link Machine}, exactly as a connection's reader thread feeds them.
 *
 * <p>Invariants checked for every input:
 * <ul>
 *   <li>nothing throws, and every request is answered within {@link #ANSWER_TIMEOUT_SECONDS}
 *       (a hang fails the test);
 *   <li>framing does not depend on how the bytes are split: the messages of the input fed at once
 *       equal those of the input fed in small chunks;
 *   <li>each message gets exactly one response line (none only once {@code quit} ended the
 *       machine); the line is printable ASCII JSON ending in CRLF, with no other CR or LF, and has
 *       one of QEMU's two shapes, in QEMU's key order: {@code {"return": X[, "id": I]}} or
 *       {@code {["id": I, ]"error": {"class": C, "desc": D}}} with C GenericError or
 *       CommandNotFound;
 *   <li>a request object's {@code id} comes back unchanged; a parse error or a non-object has no
 *       {@code id}, class GenericError and one of QEMU's JSON error texts.
 * </ul>
 *
 * <p>Regression mode (every {@code mvn verify}) replays the inputs in
 * {@code src/test/resources/org/runstate/qmp/QmpInputFuzzTestInputs/fuzzQmpInput}: the request lines
 * of every conformance scenario, hostile inputs, and every finding. Fuzzing mode:
 * {@code JAZZER_FUZZ=1 mvn -pl qmp-server -am test -Dtest=QmpInputFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; see {@code docs/security.md} for running it for hours.
 */
public class QmpInputFuzzTest {
    /** Longer than any command takes on a loaded two-core machine; a hang is far longer. */
    static final long ANSWER_TIMEOUT_SECONDS = 10;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Prefix of the marker strings {@link #quoteInfinities} puts where QEMU prints infinity. */
    private static final String INFINITY_MARK = "@@qemu-infinity:";
    private static final Set<String> JSON_ERRORS = Set.of("JSON token size limit exceeded",
            "JSON token count limit exceeded", "JSON nesting depth limit exceeded");

    /** One machine for all inputs (starting one per input would dominate the run); replaced after {@code quit}. */
    private static Machine machine;
    private static QmpDispatcher dispatcher;

    @AfterAll
    static void closeMachine() {
        if (machine != null) {
            machine.close();
            machine = null;
        }
    }

    /** The shared machine's dispatcher; a new machine if the last one ended (quit, a shutdown action...). */
    private static QmpDispatcher dispatcher() throws Exception {
        if (machine != null && !alive(machine)) {
            machine.termination().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            machine.close();
            machine = null;
        }
        if (machine == null) {
            machine = Machine.builder().build().start();
            QmpServerOptions o = QmpServerOptions.defaults();
            dispatcher = new QmpDispatcher(machine,
                    new QmpCommandTable(machine, QmpMessages.versionInfo(o.version(), o.pkg())), o.capabilities());
        }
        return dispatcher;
    }

    /** Whether the control loop still takes work: it rejects new work, by throwing, once the machine ended. */
    private static boolean alive(final Machine m) {
        if (m.termination().isDone()) {
            return false;
        }
        try {
            m.submit(() -> null).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        } catch (ExecutionException e) {
            return !(e.getCause() instanceof java.util.concurrent.RejectedExecutionException);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the control loop does not answer", e);
        }
    }

    @FuzzTest(maxDuration = "45s")
    void fuzzQmpInput(final byte[] input) throws Exception {
        List<JsonMessage> whole = frame(input, input.length);
        // a second streamer, fed in chunks of 1..7 bytes chosen by the input itself
        int chunk = 1 + (input.length == 0 ? 0 : (input[0] & 0xFF) % 7);
        assertThat(frame(input, chunk)).as("messages must not depend on how the input is split").isEqualTo(whole);

        QmpDispatcher d = dispatcher();
        NegotiationState session = new NegotiationState();
        for (JsonMessage m : whole) {
            CompletableFuture<String> answer = d.dispatch(session, m);
            String line;
            try {
                line = answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no answer within " + ANSWER_TIMEOUT_SECONDS + " s to " + m, e);
            } catch (ExecutionException e) {
                throw new AssertionError("dispatch failed on " + m, e.getCause());
            }
            if (line == null) {
                // only a machine that has ended (quit, or a shutdown its action turns into an exit) answers nothing
                try {
                    machine.termination().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("no answer to " + m + ", but the machine is still running", e);
                }
                continue;
            }
            checkResponse(m, line);
        }
    }

    /**
     * The same target for Jazzer's command-line driver ({@code com.code_intelligence.jazzer.Jazzer
     * --target_class=org.runstate.qmp.QmpInputFuzzTest}), which fuzzes for hours without Maven or
     * JUnit; see {@code docs/security.md}.
     *
     * @param input the bytes a client sends
     * @throws Exception on a finding
     */
    public static void fuzzerTestOneInput(final byte[] input) throws Exception {
        new QmpInputFuzzTest().fuzzQmpInput(input);
    }

    private static List<JsonMessage> frame(final byte[] input, final int chunk) {
        List<JsonMessage> out = new ArrayList<>();
        JsonStreamer s = new JsonStreamer(out::add);
        for (int off = 0; off < input.length; off += chunk) {
            s.feed(input, off, Math.min(chunk, input.length - off));
        }
        return out;
    }

    static void checkResponse(final JsonMessage request, final String line) throws IOException {
        assertThat(line).as("response line").endsWith("\r\n");
        String body = line.substring(0, line.length() - 2);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                fail("response has a byte outside printable ASCII (0x%02x at %d): %s", (int) c, i, line);
            }
        }
        JsonNode response = JSON.readTree(quoteInfinities(body));
        assertThat(response.isObject()).as("response is a JSON object: %s", line).isTrue();
        List<String> keys = new ArrayList<>();
        response.fieldNames().forEachRemaining(keys::add);

        JsonNode requestId = request.isError() || !request.value().isObject() ? null : request.value().get("id");
        // QEMU's QDict hash order, as recorded from QEMU 7.2: "return" before "id", "id" before "error"
        if (response.has("return")) {
            assertThat(keys).as("keys of %s", line).isEqualTo(requestId == null ? List.of("return") : List.of("return", "id"));
        } else {
            assertThat(keys).as("keys of %s", line).isEqualTo(requestId == null ? List.of("error") : List.of("id", "error"));
            JsonNode error = response.get("error");
            List<String> errorKeys = new ArrayList<>();
            for (Iterator<String> it = error.fieldNames(); it.hasNext();) {
                errorKeys.add(it.next());
            }
            assertThat(errorKeys).as("error members of %s", line).containsExactly("class", "desc");
            assertThat(error.get("class").asText()).isIn("GenericError", "CommandNotFound");
            assertThat(error.get("desc").isTextual()).isTrue();
            if (request.isError()) {
                String desc = error.get("desc").asText();
                assertThat(error.get("class").asText()).isEqualTo("GenericError");
                assertThat(desc.startsWith("JSON parse error, ") || JSON_ERRORS.contains(desc))
                        .as("QEMU's JSON error text: %s", desc).isTrue();
            } else if (!request.value().isObject()) {
                assertThat(error.get("desc").asText()).isEqualTo("QMP input must be a JSON object");
            }
        }
        if (requestId != null) {
            assertThat(sameJson(requestId, response.get("id"))).as("id %s echoed by %s", requestId, line).isTrue();
        }
    }

    /**
     * QEMU prints an infinite double as a bare {@code inf} or {@code -inf} (not JSON; an id of
     * {@code 1e400} comes back so). Replaces such tokens outside strings by marker strings, so the
     * rest of the line can be checked as JSON.
     */
    static String quoteInfinities(final String body) {
        StringBuilder out = new StringBuilder(body.length());
        boolean inString = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(body.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (body.startsWith("inf", i) || body.startsWith("-inf", i)) {
                boolean negative = c == '-';
                out.append(negative ? "\"" + INFINITY_MARK + "-inf\"" : "\"" + INFINITY_MARK + "inf\"");
                i += negative ? 3 : 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON equality as a client sees it: numbers by value, infinities by their marker. */
    static boolean sameJson(final JsonNode request, final JsonNode response) {
        if (request.isNumber() && Double.isInfinite(request.doubleValue())) {
            return response.isTextual()
                    && response.textValue().equals(INFINITY_MARK + (request.doubleValue() < 0 ? "-inf" : "inf"));
        }
        if (request.isNumber() && response.isNumber()) {
            return request.decimalValue().compareTo(response.decimalValue()) == 0;
        }
        if (request.isContainerNode() && response.isContainerNode()) {
            if (request.size() != response.size() || request.isObject() != response.isObject()) {
                return false;
            }
            if (request.isArray()) {
                for (int i = 0; i < request.size(); i++) {
                    if (!sameJson(request.get(i), response.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            for (Iterator<String> it = request.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!response.has(k) || !sameJson(request.get(k), response.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return request.equals(response);
    }
}
