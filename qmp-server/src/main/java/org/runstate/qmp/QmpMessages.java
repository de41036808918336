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

    private static String line(final JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        QmpJsonWriter.write(node, out);
        return out.append(EOL).toString();
    }
}
