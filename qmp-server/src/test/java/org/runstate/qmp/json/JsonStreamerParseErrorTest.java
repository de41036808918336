package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.runstate.qmp.json.Streams.bytes;
import static org.runstate.qmp.json.Streams.parse;
import static org.runstate.qmp.json.Streams.parseError;
import static org.runstate.qmp.json.Streams.stray;
import static org.runstate.qmp.json.Streams.value;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax errors with QEMU 7.2's exact texts (json-parser.c), first error wins. */
final class JsonStreamerParseErrorTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"execute": }             | expecting value
            [,]                       | expecting value
            {"a":1,}                  | expecting value
            {,}                       | expecting value
            }                         | expecting value
            ]                         | expecting value
            :                         | expecting value
            [}                        | expecting value
            {]                        | expecting value
            {"a":1,"a":2}             | duplicate key
            {1:2}                     | key is not a string in object
            {[1]:2}                   | key is not a string in object
            {"a" 1}                   | missing : in object pair
            {"a":1 "b":2}             | expected separator in dict
            {"a":1]                   | expected separator in dict
            [1 2]                     | expected separator in list
            [1}                       | expected separator in list
            [0e5]                     | expected separator in list
            [foo]                     | invalid keyword 'foo'
            [nan]                     | invalid keyword 'nan'
            ["\\q"]                   | invalid escape sequence in string
            ["\\x"]                   | invalid escape sequence in string
            """)
    void syntaxErrorHasQemuDesc(final String input, final String reason) {
        assertThat(parse(input + "\n")).containsExactly(parseError(reason));
    }

    /** A string holding {@code escapes} is a parse error quoting {@code quoted} as "not a valid Unicode character". */
    private static void assertStringIsNotAValidUnicodeCharacter(final String escapes, final String quoted) {
        assertThat(parse("\"" + escapes + "\"")).containsExactly(parseError(quoted + " is not a valid Unicode character"));
    }

    @Test
    void bareUnknownKeywordIsInvalidKeyword() {
        assertThat(parse("foo\n")).containsExactly(parseError("invalid keyword 'foo'"));
    }

    @Test
    void goldenBadKeywordAsValue() {
        assertThat(parse("{\"execute\": nonsense}\n")).containsExactly(parseError("invalid keyword 'nonsense'"));
    }

    @Test
    void loneHighSurrogateEscapeIsNotAValidUnicodeCharacter() {
        assertStringIsNotAValidUnicodeCharacter("\\ud800", "\\ud800");
    }

    @Test
    void highSurrogateFollowedByNonLowEscapeQuotesOnlyTheFirstEscape() {
        assertStringIsNotAValidUnicodeCharacter("\\ud800\\u0041", "\\ud800");
    }

    @Test
    void loneLowSurrogateEscapeIsInvalid() {
        assertStringIsNotAValidUnicodeCharacter("\\uDC00", "\\uDC00");
    }

    @Test
    void shortUnicodeEscapeQuotesTheClosingQuote() {
        assertStringIsNotAValidUnicodeCharacter("\\u00", "\\u00\"");
        assertStringIsNotAValidUnicodeCharacter("\\u", "\\u\"");
    }

    @Test
    void nonHexUnicodeEscapeIsQuotedAsWritten() {
        assertStringIsNotAValidUnicodeCharacter("\\u12G4", "\\u12G4");
    }

    @Test
    void noncharacterEscapesAreInvalid() {
        assertStringIsNotAValidUnicodeCharacter("\\uFFFF", "\\uFFFF");
        assertStringIsNotAValidUnicodeCharacter("\\ufdd0", "\\ufdd0");
    }

    @Test
    void surrogatePairForANoncharacterQuotesBothEscapes() {
        // U+1FFFE: the pair decodes, then QEMU rejects the code point and prints all 12 bytes.
        assertStringIsNotAValidUnicodeCharacter("\\ud83f\\udffe", "\\ud83f\\udffe");
    }

    @Test
    void invalidUtf8InStringIsReportedByTheParser() {
        final String invalid = "invalid UTF-8 sequence in string";
        assertThat(parse(bytes("\"", 0x80, "\""))).as("stray continuation").containsExactly(parseError(invalid));
        assertThat(parse(bytes("\"", 0xC1, 0x81, "\""))).as("overlong").containsExactly(parseError(invalid));
        assertThat(parse(bytes("\"", 0xE0, 0x80, 0xAF, "\""))).as("overlong slash")
                .containsExactly(parseError(invalid));
        assertThat(parse(bytes("\"", 0xED, 0xA0, 0x80, "\""))).as("surrogate").containsExactly(parseError(invalid));
        assertThat(parse(bytes("\"", 0xF4, 0x90, 0x80, 0x80, "\""))).as("above U+10FFFF")
                .containsExactly(parseError(invalid));
        assertThat(parse(bytes("\"", 0xEF, 0xBF, 0xBF, "\""))).as("U+FFFF").containsExactly(parseError(invalid));
        assertThat(parse(bytes("\"", 0xE2, 0x82, "\""))).as("truncated").containsExactly(parseError(invalid));
        assertThat(parse(bytes("\"", 0xFC, 0x84, 0x80, 0x80, 0x80, 0x80, "\""))).as("six bytes")
                .containsExactly(parseError(invalid));
    }

    @Test
    void escapeOfANonAsciiByteIsAnInvalidEscape() {
        assertThat(parse("\"\\é\"")).containsExactly(parseError("invalid escape sequence in string"));
    }

    @Test
    void firstErrorWinsInsideAMessage() {
        assertThat(parse("[foo, \"\\q\", bar]\n")).containsExactly(parseError("invalid keyword 'foo'"));
    }

    @Test
    void errorInsideValueBeatsDuplicateKey() {
        assertThat(parse("{\"a\": 1, \"a\": [bar]}")).containsExactly(parseError("invalid keyword 'bar'"));
    }

    @Test
    void errorInsideContainerKeyBeatsKeyIsNotAString() {
        assertThat(parse("{[x]: 2}")).containsExactly(parseError("invalid keyword 'x'"));
    }

    @Test
    void syntaxErrorIsReportedOnlyWhenTheMessageEnds() {
        final List<JsonMessage> out = new ArrayList<>();
        final JsonStreamer streamer = new JsonStreamer(out::add);
        final byte[] head = Streams.utf8("{\"a\" 1, [");
        streamer.feed(head, 0, head.length);
        assertThat(out).isEmpty();
        final byte[] tail = Streams.utf8("]}");
        streamer.feed(tail, 0, tail.length);
        assertThat(out).containsExactly(parseError("missing : in object pair"));
    }

    @Test
    void messageWithMismatchedClosersEndsOnlyWhenBothCountsDrop() {
        // "{"a":[}" leaves one square bracket open, so QEMU waits for the "]".
        final List<JsonMessage> out = new ArrayList<>();
        final JsonStreamer streamer = new JsonStreamer(out::add);
        final byte[] head = Streams.utf8("{\"a\":[}");
        streamer.feed(head, 0, head.length);
        assertThat(out).isEmpty();
        streamer.feed(new byte[] {']'}, 0, 1);
        assertThat(out).containsExactly(parseError("expecting value"));
    }

    @Test
    void lexicalErrorPreemptsAPendingSyntaxError() {
        // QEMU parses only complete messages, so the stray error is all the client sees.
        assertThat(parse("{\"a\" 1 X 2}")).containsExactly(stray("X"), parseError("expecting value"));
    }

    @Test
    void hugeKeywordMessageIsCutTo1023BytesLikeQemusBuffer() {
        final String keyword = "k".repeat(2000);
        final List<JsonMessage> out = parse(keyword + "\n");
        assertThat(out).hasSize(1);
        final String expected = ("invalid keyword '" + keyword + "'").substring(0, 1023);
        assertThat(out.get(0).error()).isEqualTo("JSON parse error, " + expected);
    }

    @Test
    void keywordMessageOfExactly1023BytesKeepsItsClosingQuote() {
        // "invalid keyword '" is 17 bytes: 17 + 1005 letters + 1 quote = 1023.
        final String fits = "k".repeat(1005);
        assertThat(parse(fits + " ")).containsExactly(parseError("invalid keyword '" + fits + "'"));
        final String tooLong = "k".repeat(1006);
        assertThat(parse(tooLong + " ")).containsExactly(parseError("invalid keyword '" + tooLong));
    }

    @Test
    void valuesAroundAnErrorAreUnaffected() {
        assertThat(parse("{\"id\": 1} garbage {\"id\": 2}\n")).containsExactly(
                value("{\"id\": 1}"), parseError("invalid keyword 'garbage'"), value("{\"id\": 2}"));
    }
}
