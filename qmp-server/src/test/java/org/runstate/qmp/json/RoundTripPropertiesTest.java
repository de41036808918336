package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties tying the writer and the streamer together. */
final class RoundTripPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property
    void writerOutputParsesBackToAnEqualTree(@ForAll("trees") final JsonNode tree) {
        final String text = QmpJsonWriter.write(tree);
        assertThat(text).matches("[\\x20-\\x7E]*");
        // A top-level number needs a delimiter to end, hence the newline.
        final List<JsonMessage> out = Streams.parse((text + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(out).containsExactly(JsonMessage.ofValue(tree));
        assertKeysInWrittenOrder(tree, out.get(0).value());
    }

    /**
     * Each reparsed object holds its keys in the order they were written, the QDict order of the
     * original. (Writing the reparsed tree again may differ: keys sharing a bucket come back
     * reversed, as they would in QEMU.)
     */
    private static void assertKeysInWrittenOrder(final JsonNode original, final JsonNode reparsed) {
        if (original.isObject()) {
            assertThat(reparsed.fieldNames()).toIterable()
                    .containsExactlyElementsOf(QmpJsonWriter.qdictKeyOrder((ObjectNode) original));
            original.fieldNames().forEachRemaining(k -> assertKeysInWrittenOrder(original.get(k), reparsed.get(k)));
        } else if (original.isArray()) {
            for (int i = 0; i < original.size(); i++) {
                assertKeysInWrittenOrder(original.get(i), reparsed.get(i));
            }
        }
    }

    @Property
    void chunkingDoesNotChangeTheMessages(@ForAll("streams") final byte[] input,
            @ForAll("chunkSizes") final List<Integer> chunkSizes) {
        final List<JsonMessage> whole = Streams.parse(input);
        assertThat(feedInChunks(input, chunkSizes, JsonStreamer.DEFAULT_MAX_TOKEN_SIZE,
                JsonStreamer.DEFAULT_MAX_TOKEN_COUNT, JsonStreamer.DEFAULT_MAX_NESTING))
                .containsExactlyElementsOf(whole);
    }

    @Property
    void chunkingDoesNotChangeTheMessagesUnderSmallLimits(@ForAll("streams") final byte[] input,
            @ForAll("chunkSizes") final List<Integer> chunkSizes) {
        final List<JsonMessage> whole = feedInChunks(input, List.of(input.length + 1), 24, 12, 3);
        assertThat(feedInChunks(input, chunkSizes, 24, 12, 3)).containsExactlyElementsOf(whole);
    }

    private static List<JsonMessage> feedInChunks(final byte[] input, final List<Integer> chunkSizes,
            final int maxTokenSize, final int maxTokenCount, final int maxNesting) {
        final List<JsonMessage> out = new ArrayList<>();
        final JsonStreamer streamer = new JsonStreamer(out::add, maxTokenSize, maxTokenCount, maxNesting);
        int at = 0;
        int next = 0;
        while (at < input.length) {
            final int size = Math.min(chunkSizes.get(next++ % chunkSizes.size()), input.length - at);
            streamer.feed(input, at, size);
            at += size;
        }
        return out;
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.recursive(RoundTripPropertiesTest::scalars, RoundTripPropertiesTest::containers, 0, 4);
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 16).list().ofMinSize(1).ofMaxSize(8);
    }

    /** Writer output of random trees, interleaved with separators and junk bytes. */
    @Provide
    Arbitrary<byte[]> streams() {
        final Arbitrary<byte[]> json = trees().map(t -> QmpJsonWriter.write(t).getBytes(StandardCharsets.US_ASCII));
        final Arbitrary<byte[]> junk = Arbitraries.of(
                "\n", " ", "}", "]", ",", ":", "X", "%", "01", "1.", "-", "\"a\n", "'b\\'", "\\q", "\"\\u00\"",
                "nonsense", "1e", "\"\\ud800\"", "{\"a\":1,\"a\":2}", "[1 2]", "\u00e9")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        final Arbitrary<byte[]> rawBytes = Arbitraries.of(0x00, 0x01, 0x7F, 0x80, 0xC0, 0xC3, 0xE2, 0xED, 0xFE, 0xFF)
                .map(b -> new byte[] {(byte) (int) b});
        return Arbitraries.frequencyOf(Tuple.of(5, json), Tuple.of(3, junk), Tuple.of(1, rawBytes))
                .list().ofMaxSize(12)
                .map(parts -> {
                    final ByteArrayOutputStream out = new ByteArrayOutputStream();
                    parts.forEach(out::writeBytes);
                    return out.toByteArray();
                });
    }

    private static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                strings().map(TextNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.bigIntegers()
                        .between(BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                        .map(BigIntegerNode::valueOf),
                doubles().map(DoubleNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
    }

    private static Arbitrary<JsonNode> containers(final Arbitrary<JsonNode> element) {
        final Arbitrary<JsonNode> array = element.list().ofMaxSize(4).map(items -> {
            final ArrayNode node = NODES.arrayNode();
            items.forEach(node::add);
            return node;
        });
        final Arbitrary<JsonNode> object =
                Arbitraries.maps(strings(), element).ofMaxSize(4).map(RoundTripPropertiesTest::toObject);
        return Arbitraries.oneOf(array, object);
    }

    private static JsonNode toObject(final Map<String, JsonNode> members) {
        final ObjectNode node = NODES.objectNode();
        members.forEach(node::set);
        return node;
    }

    /**
     * Strings of code points QEMU accepts: controls, quotes, backslashes, BMP and astral
     * characters, but no surrogates or noncharacters (those print as U+FFFD by design).
     */
    private static Arbitrary<String> strings() {
        final Arbitrary<Integer> codePoints = Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 0x7F),
                        Arbitraries.of((int) '"', (int) '\\', (int) '\'', (int) '/', 0),
                        Arbitraries.integers().between(0x80, 0xFFFF),
                        Arbitraries.integers().between(0x10000, 0x10FFFF))
                .filter(ModUtf8::isValidCodePoint);
        return codePoints.list().ofMaxSize(8).map(cps -> {
            final StringBuilder s = new StringBuilder();
            cps.forEach(s::appendCodePoint);
            return s.toString();
        });
    }

    /**
     * Finite doubles over all bit patterns, except those QEMU itself would not read back as a
     * double: %.17g prints integral values such as 1500.0 without '.' or 'e', so they come back
     * as integers (QEMU behaves the same).
     */
    private static Arbitrary<Double> doubles() {
        return Arbitraries.longs().map(Double::longBitsToDouble)
                .filter(Double::isFinite)
                .filter(d -> {
                    final String text = QmpJsonWriter.write(DoubleNode.valueOf(d));
                    return text.indexOf('.') >= 0 || text.indexOf('e') >= 0;
                });
    }
}
