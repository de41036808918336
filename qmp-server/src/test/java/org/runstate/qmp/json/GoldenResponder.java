package org.runstate.qmp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for QEMU's monitor, just enough to replay the recorded goldens through
 * {@link JsonStreamer} and {@link QmpJsonWriter}: it answers {@code query-status}, {@code stop},
 * {@code cont} and {@code qmp_capabilities}, builds responses in QEMU's insertion order
 * ({@code return} then {@code id}; {@code error} then {@code id}; StatusInfo fields in schema
 * order) and records each wire line without its CRLF. Events are not modelled.
 */
final class GoldenResponder {
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final JsonStreamer streamer = new JsonStreamer(this::respond);
    private final List<String> wire = new ArrayList<>();
    private boolean running = true;

    /** Sends raw text as one write; returns the lines answered to it. */
    List<String> send(final String raw) {
        final int before = wire.size();
        final byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        streamer.feed(bytes, 0, bytes.length);
        return List.copyOf(wire.subList(before, wire.size()));
    }

    private void respond(final JsonMessage message) {
        if (message.isError()) {
            // Parse errors carry no id: QEMU never got a request to take it from.
            wire.add(QmpJsonWriter.write(errorResponse(message.error())));
            return;
        }
        final JsonNode request = message.value();
        final ObjectNode response = nodes.objectNode();
        response.set("return", execute(request.get("execute").textValue()));
        if (request.has("id")) {
            response.set("id", request.get("id"));
        }
        wire.add(QmpJsonWriter.write(response));
    }

    private JsonNode execute(final String command) {
        switch (command) {
            case "query-status": {
                final ObjectNode info = nodes.objectNode();
                info.put("running", running);
                info.put("singlestep", false);
                info.put("status", running ? "running" : "paused");
                return info;
            }
            case "stop":
                running = false;
                return nodes.objectNode();
            case "cont":
                running = true;
                return nodes.objectNode();
            case "qmp_capabilities":
                return nodes.objectNode();
            default:
                throw new IllegalArgumentException(command);
        }
    }

    private ObjectNode errorResponse(final String desc) {
        final ObjectNode error = nodes.objectNode();
        error.put("class", "GenericError");
        error.put("desc", desc);
        final ObjectNode response = nodes.objectNode();
        response.set("error", error);
        return response;
    }
}
