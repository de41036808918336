package org.runstate.qmp.hmp;

/**
 * A cursor over one HMP command line with QEMU's lexical rules (monitor/hmp.c): white space is
 * C's {@code isspace} set, a command name ends at white space or {@code /}, and an argument word
 * is either a run of non-space characters or a double-quoted string with the escapes
 * {@code \n \r \\ \' \"}.
 */
final class HmpCommandLine {
    /** QEMU reads words into a 1024-byte buffer: at most 1023 bytes of a word are kept. */
    private static final int MAX_WORD_BYTES = 1023;

    private final String text;
    private int pos;

    /**
     * A cursor at the start of the line.
     *
     * @param text the command line
     */
    HmpCommandLine(final String text) {
        this.text = text;
    }

    /**
     * The whole line.
     *
     * @return the text
     */
    String text() {
        return text;
    }

    /**
     * Where the cursor is.
     *
     * @return an index into {@link #text()}
     */
    int position() {
        return pos;
    }

    /**
     * Whether the cursor is at the end of the line.
     *
     * @return true at the end
     */
    boolean atEnd() {
        return pos >= text.length();
    }

    /** Moves past white space. */
    void skipSpaces() {
        while (!atEnd() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    /**
     * {@code get_command_name}: skips white space and reads a command name, which ends at white
     * space, {@code /} or the end of the line; the cursor stays right after it.
     *
     * @return the name (empty when the line goes on with {@code /}), or {@code null} for a blank
     *     rest of line
     */
    String commandName() {
        skipSpaces();
        if (atEnd()) {
            return null;
        }
        int start = pos;
        while (!atEnd() && text.charAt(pos) != '/' && !isSpace(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /**
     * {@code get_str}: skips white space and reads one word or quoted string, keeping at most
     * its first 1023 bytes in UTF-8 (whole characters only, where QEMU would keep the first
     * bytes of a character that does not fit).
     *
     * @return the word, or {@code null} at the end of the line, for an unterminated quoted string
     *     or for an unsupported escape
     */
    String word() {
        skipSpaces();
        if (atEnd()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        if (text.charAt(pos) == '"') {
            pos++;
            while (!atEnd() && text.charAt(pos) != '"') {
                int c = text.codePointAt(pos);
                pos += Character.charCount(c);
                if (c == '\\') {
                    if (atEnd()) {
                        return null;
                    }
                    c = text.codePointAt(pos);
                    pos += Character.charCount(c);
                    switch (c) {
                        case 'n' -> c = '\n';
                        case 'r' -> c = '\r';
                        case '\\', '\'', '"' -> {
                        }
                        default -> {
                            return null;
                        }
                    }
                }
                bytes = append(out, bytes, c);
            }
            if (atEnd()) {
                return null;
            }
            pos++;
        } else {
            while (!atEnd() && !isSpace(text.charAt(pos))) {
                int c = text.codePointAt(pos);
                pos += Character.charCount(c);
                bytes = append(out, bytes, c);
            }
        }
        return out.toString();
    }

    /**
     * The rest of the line from the cursor, which moves to the end.
     *
     * @return the rest
     */
    String rest() {
        String r = text.substring(pos);
        pos = text.length();
        return r;
    }

    /**
     * C's {@code isspace} in the C locale.
     *
     * @param c a character
     * @return true for space, tab, newline, vertical tab, form feed and carriage return
     */
    static boolean isSpace(final char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /**
     * Appends {@code c} if the word's bytes stay within QEMU's buffer and returns the new byte
     * count; a character that does not fit fills the buffer (QEMU keeps its first bytes).
     */
    private static int append(final StringBuilder out, final int bytes, final int c) {
        int n = utf8Length(c);
        if (bytes + n > MAX_WORD_BYTES) {
            return MAX_WORD_BYTES;
        }
        out.appendCodePoint(c);
        return bytes + n;
    }

    /** Bytes of a code point as QEMU stores strings (U+0000 as the two bytes C0 80). */
    private static int utf8Length(final int c) {
        if (c == 0) {
            return 2;
        }
        return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
}
