package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.runstate.qmp.json.Streams.bytes;
import static org.runstate.qmp.json.Streams.parse;
import static org.runstate.qmp.json.Streams.parseByteByByte;
import static org.runstate.qmp.json.Streams.stray;
import static org.runstate.qmp.json.Streams.utf8;
import static org.runstate.qmp.json.Streams.value;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Message framing across and within feeds, and reset. */
final class JsonStreamerFramingTest {
    private final List<JsonMessage> out = new ArrayList<>();
    private final JsonStreamer streamer = new JsonStreamer(out::add);

    private void feed(final String text) {
        final byte[] b = utf8(text);
        streamer.feed(b, 0, b.length);
    }

    @Test
    void backToBackObjectsNeedNoSeparator() {
        assertThat(parse("{\"id\": 1}{\"id\": 2}[3]\"four\""))
                .containsExactly(value("{\"id\": 1}"), value("{\"id\": 2}"), value("[3]"), value("\"four\""));
    }

    @Test
    void objectSpanningFeedsIsEmittedOnceComplete() {
        feed("{\"execute\"");
        feed(": \"stop\", \"id\"");
        assertThat(out).isEmpty();
        feed(": \"split-2\"}");
        assertThat(out).containsExactly(value("{\"execute\": \"stop\", \"id\": \"split-2\"}"));
    }

    @Test
    void topLevelNumberWaitsForADelimiter() {
        feed("42");
        assertThat(out).isEmpty();
        feed("3");
        assertThat(out).isEmpty();
        feed("\n");
        assertThat(out).containsExactly(value("423"));
    }

    @Test
    void topLevelKeywordWaitsForADelimiter() {
        feed("tru");
        feed("e");
        assertThat(out).isEmpty();
        feed(",");
        assertThat(out).containsExactly(value("true"), Streams.parseError("expecting value"));
    }

    @Test
    void stringSplitInsideAUtf8SequenceAndAnEscape() {
        final byte[] input = utf8("[\"é\\u00e9\"]");
        for (int i = 0; i < input.length; i++) {
            streamer.feed(input, i, 1);
        }
        assertThat(out).containsExactly(value("[\"éé\"]"));
    }

    @Test
    void feedHonoursOffsetAndLength() {
        final byte[] b = utf8("xx[1]yy");
        streamer.feed(b, 2, 3);
        assertThat(out).containsExactly(value("[1]"));
    }

    @Test
    void resetDropsAPartialMessage() {
        feed("{\"execute\": \"qu");
        streamer.reset();
        feed("{\"execute\": \"x\"}");
        assertThat(out).containsExactly(value("{\"execute\": \"x\"}"));
    }

    @Test
    void resetEndsErrorRecovery() {
        feed("X");
        streamer.reset();
        feed("1 ");
        assertThat(out).containsExactly(stray("X"), value("1"));
    }

    @Test
    void resetFromTheSinkDiscardsTheRestOfTheFeed() {
        final List<JsonMessage> seen = new ArrayList<>();
        final JsonStreamer[] holder = new JsonStreamer[1];
        holder[0] = new JsonStreamer(m -> {
            seen.add(m);
            holder[0].reset();
        });
        final byte[] first = utf8("1 2 3 ");
        holder[0].feed(first, 0, first.length);
        assertThat(seen).containsExactly(value("1"));
        final byte[] second = utf8("4 ");
        holder[0].feed(second, 0, second.length);
        assertThat(seen).containsExactly(value("1"), value("4"));
    }

    @Test
    void feedFromTheSinkIsRejected() {
        final JsonStreamer[] holder = new JsonStreamer[1];
        holder[0] = new JsonStreamer(m -> holder[0].feed(new byte[] {'1'}, 0, 1));
        final byte[] b = utf8("[]");
        assertThatThrownBy(() -> holder[0].feed(b, 0, b.length)).isInstanceOf(IllegalStateException.class);
    }

    static Stream<byte[]> inputs() {
        return Stream.of(
                utf8("{\"execute\": \"query-status\", \"id\": 1}{\"execute\": \"stop\", \"id\": 2}\n"),
                utf8("{\"execute\": \"query-status\", \"id\": 1} garbage {\"execute\": \"query-status\", \"id\": 2}\n"),
                utf8("{\"execute\" X \"q\"}1.\n1e5\n[1 2]{\"a\":1,\"a\":2}'sq\\'\"'\n"),
                utf8("{\"a\": " + "[".repeat(1030) + "]".repeat(1030) + "}"),
                bytes(0xEF, 0xBB, 0xBF, "{\"x\": \"", 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, "\"}",
                        0xFF, "\"a", 0x00, "\n"),
                utf8("-0 -1.5e-3 18446744073709551615 18446744073709551616 nan true\n"));
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void byteByByteGivesTheSameMessagesAsOneFeed(final byte[] input) {
        assertThat(parseByteByByte(input)).isNotEmpty().containsExactlyElementsOf(parse(input));
    }
}
