package org.runstate.qmp.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: run input through a {@link JsonStreamer} and build expected messages. */
final class Streams {
    /** Jackson reads expectations; long integers so that they equal the streamer's LongNodes. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private Streams() {
    }

    /** All messages for {@code input} fed in one call, QEMU limits. */
    static List<JsonMessage> parse(final byte[] input) {
        final List<JsonMessage> out = new ArrayList<>();
        new JsonStreamer(out::add).feed(input, 0, input.length);
        return out;
    }

    /** All messages for the UTF-8 encoding of {@code input}, QEMU limits. */
    static List<JsonMessage> parse(final String input) {
        return parse(utf8(input));
    }

    /** All messages for {@code input} fed one byte per call, QEMU limits. */
    static List<JsonMessage> parseByteByByte(final byte[] input) {
        final List<JsonMessage> out = new ArrayList<>();
        final JsonStreamer streamer = new JsonStreamer(out::add);
        for (int i = 0; i < input.length; i++) {
            streamer.feed(input, i, 1);
        }
        return out;
    }

    /** All messages for {@code input} with the given limits. */
    static List<JsonMessage> parseWithLimits(final String input, final int maxTokenSize, final int maxTokenCount,
            final int maxNesting) {
        final List<JsonMessage> out = new ArrayList<>();
        final byte[] bytes = utf8(input);
        new JsonStreamer(out::add, maxTokenSize, maxTokenCount, maxNesting).feed(bytes, 0, bytes.length);
        return out;
    }

    /** An expected error message. */
    static JsonMessage error(final String desc) {
        return JsonMessage.ofError(desc);
    }

    /** An expected parse error: QEMU's prefix plus {@code reason}. */
    static JsonMessage parseError(final String reason) {
        return JsonMessage.ofError("JSON parse error, " + reason);
    }

    /** An expected lexical error for the given token text. */
    static JsonMessage stray(final String text) {
        return JsonMessage.ofError("JSON parse error, stray '" + text + "'");
    }

    /** An expected value, written in standard JSON. */
    static JsonMessage value(final String json) {
        return JsonMessage.ofValue(tree(json));
    }

    /** A tree from standard JSON text (integers as LongNode). */
    static JsonNode tree(final String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** UTF-8 bytes of a string. */
    static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Concatenates raw bytes (given as ints 0..255) and UTF-8 strings. */
    static byte[] bytes(final Object... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final Object part : parts) {
            if (part instanceof Integer) {
                out.write((Integer) part);
            } else {
                out.writeBytes(utf8((String) part));
            }
        }
        return out.toByteArray();
    }
}
