package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Byte-exact output as QEMU 7.2's qobject_to_json. */
final class QmpJsonWriterTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An object with string members inserted in the given order (key, value, key, value...). */
    private static ObjectNode object(final Object... keysAndValues) {
        final ObjectNode object = NODES.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            final Object v = keysAndValues[i + 1];
            if (v instanceof String) {
                object.put((String) keysAndValues[i], (String) v);
            } else if (v instanceof Boolean) {
                object.put((String) keysAndValues[i], (Boolean) v);
            } else if (v instanceof Long) {
                object.put((String) keysAndValues[i], (Long) v);
            } else {
                object.set((String) keysAndValues[i], (JsonNode) v);
            }
        }
        return object;
    }

    @ParameterizedTest(name = "{0} -> bucket {1}")
    @CsvSource({
        "timestamp, 26", "seconds, 5", "microseconds, 374", "event, 361", "data, 505", "return, 401",
        "id, 486", "error, 489", "class, 211", "desc, 377", "status, 202", "singlestep, 202", "running, 246",
        "guest, 223", "reason, 401", "action, 438", "info, 496", "QMP, 99", "version, 184",
        "capabilities, 216", "qemu, 232", "package, 326", "micro, 225", "minor, 225", "major, 481",
        "execute, 299", "exec-oob, 162", "arguments, 447"})
    void qdictBucketMatchesTheReference(final String key, final int bucket) {
        assertThat(QmpJsonWriter.qdictBucket(key)).isEqualTo(bucket);
    }

    /** A JSON string of {@code text} as the writer prints it. */
    private static String writtenString(final String text) {
        return QmpJsonWriter.write(TextNode.valueOf(text));
    }

    @Test
    void qdictBucketHashesNulAsC080AndNonAsciiAsUtf8() {
        // Expected values computed with tdb_hash over b"\xc0\x80", b"\xc3\xa9" and the emoji's UTF-8.
        assertThat(QmpJsonWriter.qdictBucket("\u0000")).isEqualTo(195);
        assertThat(QmpJsonWriter.qdictBucket("é")).isEqualTo(100);
        assertThat(QmpJsonWriter.qdictBucket("\uD83D\uDE00")).isEqualTo(445);
    }

    @Test
    void queryStatusResponseHasHashOrder() {
        final ObjectNode info = object("running", true, "singlestep", false, "status", "running");
        final ObjectNode response = object("return", info, "id", "x");
        assertThat(QmpJsonWriter.write(response))
                .isEqualTo("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, "
                        + "\"id\": \"x\"}");
    }

    @Test
    void errorResponsePutsIdFirst() {
        final ObjectNode error = object("class", "GenericError", "desc", "QMP input lacks member 'execute'");
        final ObjectNode response = object("error", error, "id", 1L);
        assertThat(QmpJsonWriter.write(response)).isEqualTo("{\"id\": 1, \"error\": {\"class\": \"GenericError\", "
                + "\"desc\": \"QMP input lacks member 'execute'\"}}");
    }

    @Test
    void eventHasTimestampEventData() {
        final ObjectNode data = object("guest", true, "reason", "guest-shutdown");
        final ObjectNode timestamp = object("seconds", 1700000000L, "microseconds", 123456L);
        final ObjectNode event = object("event", "SHUTDOWN", "data", data, "timestamp", timestamp);
        assertThat(QmpJsonWriter.write(event)).isEqualTo("{\"timestamp\": {\"seconds\": 1700000000, "
                + "\"microseconds\": 123456}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": true, \"reason\": "
                + "\"guest-shutdown\"}}");
    }

    @Test
    void greetingHasVersionBeforeCapabilitiesAndMicroMinorMajor() {
        final ObjectNode qemu = object("major", 7L, "minor", 2L, "micro", 22L);
        final ArrayNode caps = NODES.arrayNode().add("oob");
        final ObjectNode greeting = object("QMP", object("version", object("qemu", qemu, "package", "p"),
                "capabilities", caps));
        assertThat(QmpJsonWriter.write(greeting)).isEqualTo("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, "
                + "\"minor\": 2, \"major\": 7}, \"package\": \"p\"}, \"capabilities\": [\"oob\"]}}");
    }

    @Test
    void sameBucketKeysComeNewestFirst() {
        assertThat(QmpJsonWriter.qdictKeyOrder(object("singlestep", false, "status", "x")))
                .containsExactly("status", "singlestep");
        assertThat(QmpJsonWriter.qdictKeyOrder(object("status", "x", "singlestep", false)))
                .containsExactly("singlestep", "status");
    }

    @Test
    void replacingAValueKeepsTheKeysPosition() {
        final ObjectNode object = object("status", "a", "singlestep", false);
        object.put("status", "b");
        assertThat(QmpJsonWriter.write(object)).isEqualTo("{\"singlestep\": false, \"status\": \"b\"}");
    }

    @Test
    void emptyContainersAndCompactSeparators() {
        // Buckets: a 233, b 340, c 447.
        final ObjectNode object = object("c", NODES.arrayNode(), "b", NODES.objectNode(),
                "a", NODES.arrayNode().add(1L).add(NODES.nullNode()));
        assertThat(QmpJsonWriter.write(object)).isEqualTo("{\"a\": [1, null], \"b\": {}, \"c\": []}");
    }

    @Test
    void shortEscapesAndSolidus() {
        assertThat(writtenString("\"\\\b\f\n\r\t/"))
                .isEqualTo("\"\\\"\\\\\\b\\f\\n\\r\\t/\"");
    }

    @Test
    void deleteAndNulAreUnicodeEscapes() {
        assertThat(writtenString("\u007F")).isEqualTo("\"\\u007F\"");
        assertThat(writtenString("a\u0000b")).isEqualTo("\"a\\u0000b\"");
        assertThat(writtenString("\u0001\u001F")).isEqualTo("\"\\u0001\\u001F\"");
    }

    @Test
    void nonAsciiIsUpperCaseUnicodeEscapesWithSurrogatePairsAboveBmp() {
        assertThat(writtenString("é\u00FF\uFFFD\uD83D\uDE00"))
                .isEqualTo("\"\\u00E9\\u00FF\\uFFFD\\uD83D\\uDE00\"");
    }

    @Test
    void invalidCodePointsPrintAsReplacementCharacter() {
        assertThat(writtenString("\uD800x\uDC00")).isEqualTo("\"\\uFFFDx\\uFFFD\"");
        assertThat(writtenString("\uFFFE\uFDD0\uD83F\uDFFF"))
                .isEqualTo("\"\\uFFFD\\uFFFD\\uFFFD\"");
    }

    @Test
    void keysAreEscapedLikeValues() {
        assertThat(QmpJsonWriter.write(object("a\"b", "é"))).isEqualTo("{\"a\\\"b\": \"\\u00E9\"}");
    }

    @Test
    void integersPrintInFull() {
        assertThat(QmpJsonWriter.write(LongNode.valueOf(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(QmpJsonWriter.write(IntNode.valueOf(-7))).isEqualTo("-7");
        assertThat(QmpJsonWriter.write(BigIntegerNode.valueOf(new BigInteger("18446744073709551615"))))
                .isEqualTo("18446744073709551615");
    }

    @Test
    void integersOutsideInt64AndUint64PrintAsQemuDoubles() {
        assertThat(QmpJsonWriter.write(BigIntegerNode.valueOf(BigInteger.ONE.shiftLeft(64))))
                .isEqualTo("1.8446744073709552e+19");
        final BigInteger belowInt64 = BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE);
        assertThat(QmpJsonWriter.write(BigIntegerNode.valueOf(belowInt64))).isEqualTo("-9.2233720368547758e+18");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1500.0, 1500", "-0.0, -0", "0.0, 0", "2.5, 2.5", "0.1, 0.10000000000000001", "1e20, 1e+20",
        "1.8446744073709552e19, 1.8446744073709552e+19", "4.9e-324, 4.9406564584124654e-324",
        "1e-5, 1.0000000000000001e-05", "0.0001, 0.0001", "1e16, 10000000000000000",
        "1.2345678901234568e17, 1.2345678901234568e+17", "123.456, 123.456", "1e-300, 1e-300",
        "1.7976931348623157e308, 1.7976931348623157e+308", "100000.0, 100000", "-2.5e-7, -2.4999999999999999e-07",
        "0.3333333333333333, 0.33333333333333331", "9007199254740993.0, 9007199254740992",
        "Infinity, inf", "-Infinity, -inf", "NaN, nan"})
    void doublesPrintLikePercentPoint17g(final double value, final String expected) {
        assertThat(QmpJsonWriter.write(DoubleNode.valueOf(value))).isEqualTo(expected);
    }

    @Test
    void negativeNanKeepsItsSignLikeGlibc() {
        final double negativeNan = Double.longBitsToDouble(0xFFF8000000000000L);
        assertThat(QmpJsonWriter.write(DoubleNode.valueOf(negativeNan))).isEqualTo("-nan");
    }

    @Test
    void appendsToAStringBuilder() {
        final StringBuilder out = new StringBuilder("> ");
        QmpJsonWriter.write(NODES.arrayNode().add(true).add(false), out);
        assertThat(out).hasToString("> [true, false]");
    }

    @Test
    void nodesWithoutAQObjectEquivalentAreRejected() {
        assertThatThrownBy(() -> QmpJsonWriter.write(BinaryNode.valueOf(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QmpJsonWriter.write(MissingNode.getInstance()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
