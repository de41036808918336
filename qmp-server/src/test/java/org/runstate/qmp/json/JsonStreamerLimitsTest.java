package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.runstate.qmp.json.Streams.error;
import static org.runstate.qmp.json.Streams.parse;
import static org.runstate.qmp.json.Streams.parseError;
import static org.runstate.qmp.json.Streams.parseWithLimits;
import static org.runstate.qmp.json.Streams.stray;
import static org.runstate.qmp.json.Streams.value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QEMU's streamer limits (json-streamer.c) and what follows when one is hit. */
final class JsonStreamerLimitsTest {
    private static final JsonMessage SIZE = error("JSON token size limit exceeded");
    private static final JsonMessage COUNT = error("JSON token count limit exceeded");
    private static final JsonMessage NESTING = error("JSON nesting depth limit exceeded");
    private static final JsonMessage EXPECTING_VALUE = parseError("expecting value");

    @Test
    void objectPlus1023ArraysIsWithinTheDefaultNestingLimit() {
        final String input = "{\"a\": " + "[".repeat(1023) + "]".repeat(1023) + "}";
        final List<JsonMessage> out = parse(input);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isError()).isFalse();
    }

    @Test
    void objectPlus1024ArraysExceedsTheNestingLimitAndEveryLeftoverCloserFails() {
        // Observed on QEMU: one nesting error, then an "expecting value" per unmatched closer.
        final String input = "{\"a\": " + "[".repeat(1024) + "]".repeat(1024) + "}";
        final List<JsonMessage> expected = new ArrayList<>();
        expected.add(NESTING);
        expected.addAll(Collections.nCopies(1025, EXPECTING_VALUE));
        assertThat(parse(input)).containsExactlyElementsOf(expected);
    }

    @Test
    void nestingCountsCurlyAndSquareBracketsTogether() {
        assertThat(parseWithLimits("[{\"a\": [1]}]", 100, 100, 3)).containsExactly(value("[{\"a\": [1]}]"));
        assertThat(parseWithLimits("[{\"a\": [{}]}]", 100, 100, 3))
                .containsExactly(NESTING, EXPECTING_VALUE, EXPECTING_VALUE, EXPECTING_VALUE, EXPECTING_VALUE);
    }

    @Test
    void tokenBytesPlusOneMayEqualTheSizeLimit() {
        // Tokens "[", "\"abcdefghij\"" (12 bytes), "]": 14 bytes, and QEMU checks total + 1.
        assertThat(parseWithLimits("[\"abcdefghij\"]", 15, 100, 100)).containsExactly(value("[\"abcdefghij\"]"));
    }

    @Test
    void tokenBytesPlusOneAboveTheSizeLimitFailsAtTheLastToken() {
        // The failing token is the closer itself, so nothing is left over.
        assertThat(parseWithLimits("[\"abcdefghij\"]", 14, 100, 100)).containsExactly(SIZE);
    }

    @Test
    void singleTokenLongerThanTheLimitIsCutOffAndTheRestIsLexedAfresh() {
        // The lexer drops the first 9 bytes ("abcdefgh); "ijkl" is then a keyword and the
        // closing quote opens a new string that the newline breaks.
        assertThat(parseWithLimits("\"abcdefghijkl\"\n", 8, 100, 100))
                .containsExactly(SIZE, parseError("invalid keyword 'ijkl'"), stray("\"\n"));
    }

    @Test
    void tokenCountMayReachTheLimit() {
        assertThat(parseWithLimits("[1,2]", 100, 5, 100)).containsExactly(value("[1, 2]"));
    }

    @Test
    void tokenCountAboveTheLimitFailsAndTheCloserIsLeftOver() {
        assertThat(parseWithLimits("[1,2,3]", 100, 5, 100)).containsExactly(COUNT, EXPECTING_VALUE);
    }

    @Test
    void limitErrorPreemptsAPendingSyntaxError() {
        assertThat(parseWithLimits("{\"a\" 1 2 3}", 100, 4, 100)).containsExactly(COUNT, EXPECTING_VALUE);
    }

    @Test
    void tooLargeMessageFailsWhenItsLastTokenCompletes() {
        assertThat(parseWithLimits("[\"abcdefgh\"]", 10, 100, 100)).containsExactly(SIZE, EXPECTING_VALUE);
    }

    @Test
    void lexicalErrorInATooLargeMessageIsStillReportedAsStray() {
        // The same token breaking on a newline never reaches the size check: stray wins.
        assertThat(parseWithLimits("[\"abcdefgh\n", 10, 100, 100)).containsExactly(stray("\"abcdefgh\n"));
    }

    @Test
    void bufferNeverExceedsTheTokenSizeLimitPlusOne() {
        final List<JsonMessage> out = new ArrayList<>();
        final JsonStreamer streamer = new JsonStreamer(out::add, 100, 1000, 100);
        final byte[] input = ("[\"" + "x".repeat(10_000) + "\"]").getBytes(StandardCharsets.US_ASCII);
        int peak = 0;
        for (int i = 0; i < input.length; i++) {
            streamer.feed(input, i, 1);
            peak = Math.max(peak, streamer.bufferCapacity());
        }
        assertThat(peak).isLessThanOrEqualTo(101);
        assertThat(out).isNotEmpty().allMatch(JsonMessage::isError);
        assertThat(out.get(0)).isEqualTo(SIZE);
    }

    @Test
    void bufferGrownByAHugeTokenIsReleasedAfterIt() {
        final List<JsonMessage> out = new ArrayList<>();
        final JsonStreamer streamer = new JsonStreamer(out::add);
        final byte[] input = ("\"" + "x".repeat(1 << 20) + "\"").getBytes(StandardCharsets.US_ASCII);
        streamer.feed(input, 0, input.length);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().textValue()).hasSize(1 << 20);
        assertThat(streamer.bufferCapacity()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new JsonStreamer(m -> { }, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonStreamer(m -> { }, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonStreamer(m -> { }, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
