package org.runstate.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * Builds QMP messages the way QEMU builds its QDicts (same members, same insertion order), so
 * {@link QmpJsonWriter} reproduces QEMU's bytes. Every message ends in CRLF.
 */
public final class QmpMessages {
    /** QEMU terminates every message with {@code \r\n}. */
    public static final String EOL = "\r\n";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private QmpMessages() {
    }

    /**
     * {@code VersionInfo}: {@code {"qemu": {"major", "minor", "micro"}, "package"}}.
     *
     * @param version the version we implement
     * @param pkg the {@code package} text
     * @return the object
     */
    public static ObjectNode versionInfo(final QmpVersion version, final String pkg) {
        ObjectNode triple = NODES.objectNode();
        triple.put("major", version.major());
        triple.put("minor", version.minor());
        triple.put("micro", version.micro());
        ObjectNode info = NODES.objectNode();
        info.set("qemu", triple);
        info.put("package", pkg);
        return info;
    }

    /**
     * The greeting sent on connect.
     *
     * @param versionInfo from {@link #versionInfo}
     * @param capabilities the offered capabilities, for example {@code ["oob"]}
     * @return the greeting line with CRLF
     */
    public static String greeting(final ObjectNode versionInfo, final List<String> capabilities) {
        ObjectNode qmp = NODES.objectNode();
        qmp.set("version", versionInfo);
        qmp.set("capabilities", QapiJsonEncoder.encode(capabilities));
        ObjectNode root = NODES.objectNode();
        root.set("QMP", qmp);
        return line(root);
    }

    /**
     * A success response.
     *
     * @param value the return value
     * @param id the request's id, or {@code null} when it had none
     * @return the response line
     */
    public static String returnResponse(final JsonNode value, final JsonNode id) {
        ObjectNode rsp = NODES.objectNode();
        rsp.set("return", value);
        if (id != null) {
            rsp.set("id", id);
        }
        return line(rsp);
    }

    /**
     * An error response.
     *
     * @param error class and desc
     * @param id the request's id, or {@code null}
     * @return the response line
     */
    public static String errorResponse(final QmpError error, final JsonNode id) {
        ObjectNode body = NODES.objectNode();
        body.put("class", error.errorClass().name());
        body.put("desc", error.getMessage());
        ObjectNode rsp = NODES.objectNode();
        rsp.set("error", body);
        if (id != null) {
            rsp.set("id", id);
        }
        return line(rsp);
    }

    /**
     * An event: {@code {"timestamp": {...}, "event": NAME, "data": {...}}}, {@code data} absent
     * for events without members.
     *
     * @param e the event and its timestamp
     * @return the event line
     */
    public static String event(final TimestampedEvent e) {
        RunStateEvent event = e.event();
        ObjectNode msg = NODES.objectNode();
        msg.put("event", event.eventName());
        ObjectNode ts = NODES.objectNode();
        ts.put("seconds", e.seconds());
        ts.put("microseconds", e.microseconds());
        msg.set("timestamp", ts);
        if (event.getClass().getRecordComponents().length > 0) {
            msg.set("data", QapiJsonEncoder.encode(event));
        }
        return line(msg);
    }

    /**
     * QEMU's pretty form of a message line ({@code -mon ...,pretty=on}, json-writer.c): each
     * member and element on a line of its own, indented by four spaces per level, an empty object
     * or array split over two lines, every line ending in CRLF as the monitor writes it.
     *
     * @param line a compact message line as this class makes it, ending in CRLF
     * @return the pretty text, ending in CRLF
     */
    public static String pretty(final String line) {
        String compact = line.endsWith(EOL) ? line.substring(0, line.length() - EOL.length()) : line;
        StringBuilder out = new StringBuilder(compact.length() * 2);
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(compact.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    out.append(c);
                    depth++;
                    char next = compact.charAt(i + 1);
                    if (next != '}' && next != ']') {
                        newline(out, depth);
                    }
                }
                case '}', ']' -> {
                    depth--;
                    newline(out, depth);
                    out.append(c);
                }
                case ',' -> {
                    out.append(',');
                    newline(out, depth);
                    i++; // the space of QEMU's compact ", " separator
                }
                default -> out.append(c);
            }
        }
        return out.append(EOL).toString();
    }

    private static void newline(final StringBuilder out, final int depth) {
        out.append(EOL);
        for (int i = 0; i < depth * 4; i++) {
            out.append(' ');
        }
    }

    private static String line(final JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        QmpJsonWriter.write(node, out);
        return out.append(EOL).toString();
    }
}
