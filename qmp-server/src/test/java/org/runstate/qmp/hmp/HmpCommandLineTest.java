package org.runstate.qmp.hmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The HMP lexer: QEMU's {@code get_command_name} and {@code get_str} rules. */
final class HmpCommandLineTest {
    @Test
    void commandNameEndsAtWhiteSpaceOrSlashAndLeavesTheCursorThere() {
        HmpCommandLine line = new HmpCommandLine(" \tinfo/status");
        assertThat(line.commandName()).isEqualTo("info");
        assertThat(line.position()).isEqualTo(6);
    }

    @Test
    void blankLineHasNoCommandName() {
        assertThat(new HmpCommandLine(" \t\n\u000b\f\r").commandName()).isNull();
    }

    @Test
    void wordEndsAtWhiteSpace() {
        HmpCommandLine line = new HmpCommandLine("  reset now");
        assertThat(line.word()).isEqualTo("reset");
        assertThat(line.word()).isEqualTo("now");
        assertThat(line.word()).isNull();
    }

    @Test
    void quotedWordKeepsBlanksAndDecodesItsEscapes() {
        assertThat(new HmpCommandLine("\"a b\\n\\r\\\\\\'\\\"\"").word()).isEqualTo("a b\n\r\\'\"");
    }

    @Test
    void unterminatedQuoteAndUnsupportedEscapeAreNoWord() {
        assertThat(new HmpCommandLine("\"abc").word()).isNull();
        assertThat(new HmpCommandLine("\"a\\tb\"").word()).isNull();
        assertThat(new HmpCommandLine("\"a\\").word()).isNull();
    }

    @Test
    void wordKeepsAtMost1023BytesAsQemusBufferDoes() {
        assertThat(new HmpCommandLine("x".repeat(2000)).word()).hasSize(1023);
        // 511 two-byte characters take 1022 bytes; the next one does not fit, nor anything after it
        assertThat(new HmpCommandLine("é".repeat(512) + "x").word()).isEqualTo("é".repeat(511));
    }

    @Test
    void nonAsciiWhiteSpaceIsNotASeparator() {
        assertThat(new HmpCommandLine("a\u00a0b c").word()).isEqualTo("a\u00a0b");
    }
}
