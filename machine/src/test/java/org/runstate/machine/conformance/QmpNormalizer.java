package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw QMP lines into comparable text exactly as {@code run.py}'s {@code Normalizer} does,
 * and records what it hides that is wrong (anomalies):
 * <ul>
 *   <li>{@code "timestamp": {"seconds": "<int>", "microseconds": "<int>"}} after checking both
 *       are integers (0 &lt;= µs &lt; 10⁶) and non-decreasing (rate-limited events exempt);</li>
 *   <li>greeting version {@code {"qemu": {"micro": "<int>", ...}, "package": "<str>"}};</li>
 *   <li>a line not ending in CRLF gets a marker appended, non-JSON text a prefix, so either is a
 *       difference.</li>
 * </ul>
 * If a timestamp or version is not in QEMU's exact spelling, the object is re-serialised
 * structurally (as the runner does), which then differs byte-wise from the golden.
 */
final class QmpNormalizer {
    /** Events QEMU rate-limits: a delayed one keeps the time it was raised. */
    static final Set<String> THROTTLED_EVENTS = Set.of("RTC_CHANGE", "WATCHDOG", "BALLOON_CHANGE",
            "QUORUM_REPORT_BAD", "QUORUM_FAILURE", "VSERPORT_CHANGE", "MEMORY_DEVICE_SIZE_CHANGE");

    private static final Pattern TS = Pattern.compile(
            "\"timestamp\": \\{\"seconds\": (-?\\d+), \"microseconds\": (-?\\d+)\\}");
    private static final String TS_NORMAL = "\"timestamp\": {\"seconds\": \"<int>\", \"microseconds\": \"<int>\"}";
    private static final Pattern VERSION = Pattern.compile(
            "\\{\"qemu\": \\{\"micro\": \\d+, \"minor\": \\d+, \"major\": \\d+\\}, \"package\": \"(?:[^\"\\\\]|\\\\.)*\"\\}");
    private static final String VERSION_NORMAL =
            "{\"qemu\": {\"micro\": \"<int>\", \"minor\": \"<int>\", \"major\": \"<int>\"}, \"package\": \"<str>\"}";

    private long lastSeconds = -1;
    private long lastMicros = -1;
    private final List<String> anomalies = new ArrayList<>();

    /**
     * Problems found while normalising (bad or backwards timestamps, a greeting without version).
     *
     * @return the anomalies, in order
     */
    List<String> anomalies() {
        return anomalies;
    }

    /**
     * Normalises one raw line.
     *
     * @param raw the bytes as received, including the line end if there was one
     * @param greeting whether this is the connection's first line
     * @return the comparable text
     */
    String message(final byte[] raw, final boolean greeting) {
        int len = raw.length;
        String eol = "";
        if (len >= 2 && raw[len - 2] == '\r' && raw[len - 1] == '\n') {
            len -= 2;
        } else if (len >= 1 && raw[len - 1] == '\n') {
            len -= 1;
            eol = " <EOL=LF, QEMU sends CRLF>";
        } else {
            eol = " <NO EOL before EOF>";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, len)).toString();
        } catch (CharacterCodingException e) {
            byte[] body = new byte[len];
            System.arraycopy(raw, 0, body, 0, len);
            return "<NOT UTF-8> " + HexFormat.of().formatHex(body) + eol;
        }
        JsonNode node;
        try {
            node = PyJson.parse(text);
        } catch (IllegalArgumentException e) {
            return "<NOT JSON> " + text + eol;
        }
        if (!node.isObject()) {
            return "<NOT AN OBJECT> " + text + eol;
        }
        ObjectNode obj = (ObjectNode) node;
        if (greeting || obj.has("QMP")) {
            text = greeting(obj, text);
        }
        if (obj.has("timestamp")) {
            text = timestamp(obj, text);
        }
        return text + eol;
    }

    private String greeting(final ObjectNode obj, final String text) {
        JsonNode qmp = obj.get("QMP");
        JsonNode ver = qmp != null && qmp.isObject() ? qmp.get("version") : null;
        boolean ok = ver != null && ver.isObject() && ver.path("qemu").isObject()
                && ver.path("qemu").path("micro").isIntegralNumber()
                && ver.path("qemu").path("minor").isIntegralNumber()
                && ver.path("qemu").path("major").isIntegralNumber()
                && ver.path("package").isTextual();
        if (!ok) {
            anomalies.add("greeting without QMP.version.{qemu.{micro,minor,major},package}");
            return text;
        }
        Matcher m = VERSION.matcher(text);
        if (countMatches(m) == 1) {
            return VERSION.matcher(text).replaceAll(Matcher.quoteReplacement(VERSION_NORMAL));
        }
        // another key order or spacing than QEMU's: normalise structurally (then not byte-exact)
        ObjectNode v = PyJson.object();
        ObjectNode q = v.putObject("qemu");
        q.put("micro", "<int>");
        q.put("minor", "<int>");
        q.put("major", "<int>");
        v.put("package", "<str>");
        ((ObjectNode) qmp).set("version", v);
        return PyJson.dumps(obj);
    }

    private String timestamp(final ObjectNode obj, final String text) {
        JsonNode ts = obj.get("timestamp");
        JsonNode event = obj.get("event");
        String eventName = event == null ? "None" : event.isTextual() ? event.textValue() : PyJson.dumps(event);
        boolean ok = ts.isObject() && ts.path("seconds").isIntegralNumber() && ts.path("microseconds").isIntegralNumber()
                && ts.get("microseconds").longValue() >= 0 && ts.get("microseconds").longValue() < 1_000_000
                && ts.get("seconds").longValue() >= 0;
        if (!ok) {
            anomalies.add("bad timestamp " + PyJson.dumps(ts) + " in " + eventName);
            return text;
        }
        long s = ts.get("seconds").longValue();
        long us = ts.get("microseconds").longValue();
        if (!(event != null && event.isTextual() && THROTTLED_EVENTS.contains(event.textValue()))) {
            if (lastSeconds >= 0 && (s < lastSeconds || s == lastSeconds && us < lastMicros)) {
                anomalies.add("timestamp of " + eventName + " goes backwards");
            }
            lastSeconds = s;
            lastMicros = us;
        }
        if (countMatches(TS.matcher(text)) == 1) {
            return TS.matcher(text).replaceAll(Matcher.quoteReplacement(TS_NORMAL));
        }
        ObjectNode n = PyJson.object();
        n.put("seconds", "<int>");
        n.put("microseconds", "<int>");
        obj.set("timestamp", n);
        return PyJson.dumps(obj);
    }

    private static int countMatches(final Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
