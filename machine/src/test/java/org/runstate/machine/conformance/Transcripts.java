package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Golden transcripts ({@code NAME.golden.jsonl}) and their comparison with a replay.
 *
 * <p>Records are compared as {@code run.py check --exact} compares them: structurally (JSON
 * equality of the record objects, so the key order <em>of the record</em> does not matter) with
 * every received message compared as a string, i.e. byte for byte after normalisation (QEMU's
 * key order and spacing inside each message matter). When a replay differs only in key order or
 * spacing, the failure says so, because that is a distinct kind of bug.
 */
final class Transcripts {
    private static final Pattern EOL_MARK = Pattern.compile("( <EOL=LF, QEMU sends CRLF>| <NO EOL before EOF>)$");

    private Transcripts() {
    }

    /**
     * The golden's records, without its header line.
     *
     * @param text the file's text
     * @return the records
     */
    static List<ObjectNode> records(final String text) {
        List<ObjectNode> all = lines(text);
        return all.subList(1, all.size());
    }

    /**
     * The golden's header ({@code {"scenario", "about", "recorded_with"}}).
     *
     * @param text the file's text
     * @return the header
     */
    static ObjectNode header(final String text) {
        return lines(text).get(0);
    }

    private static List<ObjectNode> lines(final String text) {
        List<ObjectNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add((ObjectNode) PyJson.parse(line));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty golden transcript");
        }
        return out;
    }

    /**
     * The first differing record, shown as the expected and actual lines of that step, or empty
     * if the transcripts are equal.
     *
     * @param expected the golden records
     * @param actual the replayed records
     * @return a readable description of the first difference
     */
    static Optional<String> firstDifference(final List<ObjectNode> expected, final List<ObjectNode> actual) {
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            ObjectNode e = i < expected.size() ? expected.get(i) : null;
            ObjectNode a = i < actual.size() ? actual.get(i) : null;
            if (e != null && e.equals(a)) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            String where = a != null ? a.path("step").asText() : e.path("step").asText();
            if (e != null && a != null && e.has("send") && !e.get("send").equals(a.get("send"))) {
                sb.append("step ").append(where).append(": scenario step differs from the golden's (re-record?)\n")
                        .append("  golden:   ").append(PyJson.dumps(e.path("send"))).append('\n')
                        .append("  scenario: ").append(PyJson.dumps(a.path("send")));
                return Optional.of(sb.toString());
            }
            sb.append("first difference at step ").append(where).append(":\n");
            sb.append("--- expected (QEMU 7.2)\n+++ actual\n");
            List<String> el = e != null ? format(e) : List.of("(nothing)");
            List<String> al = a != null ? format(a) : List.of("(nothing)");
            for (String line : LineDiff.diff(el, al)) {
                sb.append(line).append('\n');
            }
            if (e != null && a != null && canonical(e).equals(canonical(a))) {
                sb.append("NOTE: JSON-equal to QEMU's messages, but not byte-exact (key order or spacing differs); "
                        + "byte-exactness is required.\n");
            }
            return Optional.of(sb.toString());
        }
        return Optional.empty();
    }

    /**
     * The whole transcript as readable lines (for an IDE's expected/actual comparison).
     *
     * @param records the records
     * @return the text
     */
    static String format(final List<ObjectNode> records) {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode r : records) {
            for (String line : format(r)) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code run.py}'s {@code fmt_record}. */
    static List<String> format(final ObjectNode r) {
        List<String> out = new ArrayList<>();
        out.add(r.has("send") ? "step " + r.path("step").asText() + ": send " + PyJson.dumps(r.get("send"))
                : r.path("step").asText() + ":");
        for (String k : List.of("io", "exit", "eof", "skipped")) {
            if (r.has(k)) {
                out.add("  " + k + ": " + PyJson.dumps(r.get(k)));
            }
        }
        for (JsonNode m : r.path("recv")) {
            out.add("  <- " + m.asText());
        }
        return out;
    }

    /**
     * A record with each message reduced to what a JSON client sees (parsed and re-dumped with
     * sorted keys; line-end and non-JSON markers kept), as {@code run.py}'s {@code canonical}.
     *
     * @param r the record
     * @return the canonical record
     */
    static ObjectNode canonical(final ObjectNode r) {
        ObjectNode c = r.deepCopy();
        if (r.has("recv")) {
            ArrayNode a = c.putArray("recv");
            r.get("recv").forEach(m -> a.add(canonicalMessage(m.asText())));
        }
        return c;
    }

    private static String canonicalMessage(final String text) {
        Matcher m = EOL_MARK.matcher(text);
        String body = text;
        String eol = "";
        if (m.find()) {
            body = text.substring(0, m.start());
            eol = m.group(1);
        }
        try {
            return PyJson.dumpsSorted(PyJson.parse(body)) + eol;
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
