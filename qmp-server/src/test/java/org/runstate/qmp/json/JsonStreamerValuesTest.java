package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.runstate.qmp.json.Streams.bytes;
import static org.runstate.qmp.json.Streams.parse;
import static org.runstate.qmp.json.Streams.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values the streamer builds: numbers, strings, keywords, member order. */
final class JsonStreamerValuesTest {
    private static JsonNode only(final String input) {
        final List<JsonMessage> out = parse(input);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isError()).as("error: %s", out.get(0).error()).isFalse();
        return out.get(0).value();
    }

    private static JsonNode only(final byte[] input) {
        final List<JsonMessage> out = parse(input);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isError()).as("error: %s", out.get(0).error()).isFalse();
        return out.get(0).value();
    }

    @Test
    void int64BoundsAreLongs() {
        assertThat(only("9223372036854775807 ")).isEqualTo(LongNode.valueOf(Long.MAX_VALUE));
        assertThat(only("-9223372036854775808 ")).isEqualTo(LongNode.valueOf(Long.MIN_VALUE));
        assertThat(only("123456789012345678 ")).isEqualTo(LongNode.valueOf(123456789012345678L));
    }

    @Test
    void integersAboveInt64UpToUint64MaxAreBigIntegers() {
        assertThat(only("9223372036854775808 "))
                .isEqualTo(BigIntegerNode.valueOf(new BigInteger("9223372036854775808")));
        assertThat(only("18446744073709551615 "))
                .isEqualTo(BigIntegerNode.valueOf(new BigInteger("18446744073709551615")));
    }

    @Test
    void integersBeyondUint64BecomeDoubles() {
        assertThat(only("18446744073709551616 ")).isEqualTo(DoubleNode.valueOf(1.8446744073709552e19));
        assertThat(only("-9223372036854775809 ")).isEqualTo(DoubleNode.valueOf(-9.223372036854775808e18));
        assertThat(only("1" + "0".repeat(400) + " ")).isEqualTo(DoubleNode.valueOf(Double.POSITIVE_INFINITY));
    }

    @Test
    void minusZeroIntegerIsZeroButMinusZeroFloatKeepsItsSign() {
        assertThat(only("-0 ")).isEqualTo(LongNode.valueOf(0));
        final JsonNode negativeZero = only("-0.0 ");
        assertThat(negativeZero.isDouble()).isTrue();
        assertThat(Double.doubleToRawLongBits(negativeZero.doubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void floatsAreDoublesEvenWhenIntegral() {
        assertThat(only("1.5e3 ")).isEqualTo(DoubleNode.valueOf(1500.0));
        assertThat(only("1E2 ")).isEqualTo(DoubleNode.valueOf(100.0));
        assertThat(only("2.5 ")).isEqualTo(DoubleNode.valueOf(2.5));
        assertThat(only("-1.25e-2 ")).isEqualTo(DoubleNode.valueOf(-0.0125));
    }

    @Test
    void overflowingFloatIsInfinityAndUnderflowIsZero() {
        assertThat(only("1e400 ")).isEqualTo(DoubleNode.valueOf(Double.POSITIVE_INFINITY));
        assertThat(only("-1e400 ")).isEqualTo(DoubleNode.valueOf(Double.NEGATIVE_INFINITY));
        assertThat(only("1e-400 ")).isEqualTo(DoubleNode.valueOf(0.0));
    }

    @Test
    void keywords() {
        assertThat(only("[true, false, null]"))
                .containsExactly(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance());
    }

    @Test
    void singleQuotedStringMayContainRawDoubleQuotes() {
        assertThat(only("'say \"hi\"'")).isEqualTo(TextNode.valueOf("say \"hi\""));
    }

    @Test
    void apostropheEscapeWorksInBothQuoteKinds() {
        assertThat(only("[\"it\\'s\", 'it\\'s']")).containsExactly(TextNode.valueOf("it's"), TextNode.valueOf("it's"));
    }

    @Test
    void shortEscapes() {
        assertThat(only("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")).isEqualTo(TextNode.valueOf("\"\\/\b\f\n\r\t"));
    }

    @Test
    void unicodeEscapesIncludingSurrogatePairAndUpperCaseHex() {
        assertThat(only("\"\\u00e9\\u00C9\\uD83D\\uDE00\"")).isEqualTo(TextNode.valueOf("éÉ\uD83D\uDE00"));
    }

    @Test
    void escapedNulIsAccepted() {
        assertThat(only("\"a\\u0000b\"")).isEqualTo(TextNode.valueOf("a\u0000b"));
    }

    @Test
    void modifiedUtf8NulIsAccepted() {
        assertThat(only(bytes("\"a", 0xC0, 0x80, "b\""))).isEqualTo(TextNode.valueOf("a\u0000b"));
    }

    @Test
    void rawMultiByteUtf8AndDeleteAreAccepted() {
        assertThat(only(bytes("\"", 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x7F, "\"")))
                .isEqualTo(TextNode.valueOf("é€\uD83D\uDE00\u007F"));
    }

    @Test
    void percentInsideStringIsLiteral() {
        assertThat(only("\"100%d\"")).isEqualTo(TextNode.valueOf("100%d"));
    }

    @Test
    void memberInsertionOrderIsKept() {
        final JsonNode object = only("{\"z\": 1, \"a\": 2, \"m\": 3}");
        assertThat(object.fieldNames()).toIterable().containsExactly("z", "a", "m");
    }

    @Test
    void nestedValue() {
        assertThat(parse("{\"execute\": \"x\", \"arguments\": {\"a\": [1, 2.5, \"s\", {}, []]}}"))
                .containsExactly(value("{\"execute\": \"x\", \"arguments\": {\"a\": [1, 2.5, \"s\", {}, []]}}"));
    }

    @Test
    void whitespaceOfAllFourKindsIsSkipped() {
        assertThat(parse(" \t\r\n[ \t\r\n1 \t\r\n] ")).containsExactly(value("[1]"));
    }
}
