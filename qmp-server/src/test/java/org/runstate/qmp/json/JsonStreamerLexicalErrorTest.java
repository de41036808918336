package org.runstate.qmp.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.runstate.qmp.json.Streams.bytes;
import static org.runstate.qmp.json.Streams.parse;
import static org.runstate.qmp.json.Streams.parseError;
import static org.runstate.qmp.json.Streams.stray;
import static org.runstate.qmp.json.Streams.value;

import org.junit.jupiter.api.Test;

/** Lexical errors ({@code stray '...'}) and the lexer's recovery, as QEMU 7.2's json-lexer.c. */
final class JsonStreamerLexicalErrorTest {
    @Test
    void upperCaseLetterIsStray() {
        assertThat(parse("X")).containsExactly(stray("X"));
    }

    @Test
    void upperCaseKeywordIsStrayAtItsFirstLetterAndTheRestIsSkipped() {
        assertThat(parse("True\n")).containsExactly(stray("T"));
    }

    @Test
    void percentIsStrayBecauseTheMonitorHasNoInterpolation() {
        assertThat(parse("%d\n")).containsExactly(stray("%"));
    }

    @Test
    void leadingZeroIncludesTheOffendingDigit() {
        assertThat(parse("01")).containsExactly(stray("01"));
    }

    @Test
    void minusWithoutDigitIncludesTheOffendingByte() {
        assertThat(parse("-x")).containsExactly(stray("-x"));
    }

    @Test
    void fractionWithoutDigitEatsTheNewline() {
        assertThat(parse("1.\n")).containsExactly(stray("1.\n"));
    }

    @Test
    void valueAfterFractionErrorVanishesBecauseTheNewlineWasEaten() {
        // Observed on QEMU: "1.\n1e5\n" gets one error and nothing for 1e5.
        assertThat(parse("1.\n1e5\n")).containsExactly(stray("1.\n"));
    }

    @Test
    void exponentWithoutDigitIsStray() {
        assertThat(parse("1e\n")).containsExactly(stray("1e\n"));
    }

    @Test
    void incompleteExponentSwallowsTheClosingBrace() {
        assertThat(parse("{\"a\": 0.5e}\n")).containsExactly(stray("0.5e}"));
    }

    @Test
    void rawNewlineInStringIsStray() {
        assertThat(parse("\"a\n")).containsExactly(stray("\"a\n"));
    }

    @Test
    void rawTabInStringIsStrayAndTheRestOfTheStringIsSkipped() {
        assertThat(parse("\"a\tb\"")).containsExactly(stray("\"a\t"));
    }

    @Test
    void byteOrderMarkIsOneReplacementCharacterThenTheObjectParses() {
        assertThat(parse(bytes(0xEF, 0xBB, 0xBF, "{\"execute\": \"x\"}")))
                .containsExactly(stray("\uFFFD"), value("{\"execute\": \"x\"}"));
    }

    @Test
    void byteFfIsStrayEvenInsideAString() {
        assertThat(parse(bytes("\"ab", 0xFF))).containsExactly(stray("\"ab\uFFFD"));
    }

    @Test
    void controlCharacterIsReportedAsEscapedText() {
        assertThat(parse(bytes(0x01))).containsExactly(stray("\u0001"));
    }

    @Test
    void nulEndsTheStrayTextLikeCPercentS() {
        assertThat(parse(bytes(0x00))).containsExactly(stray(""));
        assertThat(parse(bytes("\"ab", 0x00))).containsExactly(stray("\"ab"));
    }

    @Test
    void validUtf8InStrayTextIsKept() {
        assertThat(parse(bytes("\"é", 0x01))).containsExactly(stray("\"é\u0001"));
    }

    @Test
    void modifiedUtf8NulInStrayTextBecomesNul() {
        assertThat(parse(bytes("\"", 0xC0, 0x80, 0x01))).containsExactly(stray("\"\u0000\u0001"));
    }

    @Test
    void truncatedUtf8SequenceInStrayTextIsOneReplacementCharacter() {
        assertThat(parse(bytes("\"", 0xE2, 0x82, 0x01))).containsExactly(stray("\"\uFFFD\u0001"));
    }

    @Test
    void nonAsciiByteAfterNumberEndsTheNumberThenIsStray() {
        assertThat(parse(bytes("1", 0xC3, 0xA9, " 2 "))).containsExactly(value("1"), stray("\uFFFD"));
    }

    @Test
    void letterAfterNumberEndsTheNumberThenIsStray() {
        assertThat(parse("1X")).containsExactly(value("1"), stray("X"));
    }

    @Test
    void strayInsideObjectDropsTheObjectAndItsCloserBecomesExpectingValue() {
        assertThat(parse("{\"execute\" X \"q\"}"))
                .containsExactly(stray("X"), parseError("expecting value"));
    }

    @Test
    void recoverySkipsSpacesAndValues() {
        assertThat(parse("X 1 \"s\" true ")).containsExactly(stray("X"));
    }

    @Test
    void recoveryDoesNotStopAtTab() {
        assertThat(parse("X\t1 ")).containsExactly(stray("X"));
    }

    @Test
    void recoveryStopsAtCarriageReturnAndLineFeed() {
        assertThat(parse("X\r1 ")).containsExactly(stray("X"), value("1"));
        assertThat(parse("X\n2 ")).containsExactly(stray("X"), value("2"));
    }

    @Test
    void recoveryStopsAtStructuralCharacters() {
        assertThat(parse("X[1]Y{}Z:W,")).containsExactly(
                stray("X"), value("[1]"), stray("Y"), value("{}"), stray("Z"), parseError("expecting value"),
                stray("W"), parseError("expecting value"));
    }

    @Test
    void recoveryStopsAtControlCharacterWhichIsThenStrayItself() {
        assertThat(parse(bytes("X abc", 0x01, "1 "))).containsExactly(stray("X"), stray("\u0001"));
    }

    @Test
    void recoveryStopsAtByteFfWhichIsThenStrayItself() {
        assertThat(parse(bytes("X abc", 0xFF, "\n1 "))).containsExactly(stray("X"), stray("\uFFFD"), value("1"));
    }

    @Test
    void recoveryDoesNotStopAtDelete() {
        assertThat(parse(bytes("X", 0x7F, "1 "))).containsExactly(stray("X"));
    }
}
