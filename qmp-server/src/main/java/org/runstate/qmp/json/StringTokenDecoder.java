package org.runstate.qmp.json;

/**
 * Decodes a string token exactly like QEMU's {@code parse_string} (qobject/json-parser.c).
 *
 * <p>Escapes: {@code \" \' \\ \/ \b \f \n \r \t} and <code>&#92;uXXXX</code>, the last with
 * surrogate pairs. <code>&#92;u0000</code> is accepted (QEMU stores it as {@code C0 80}). Raw bytes
 * must be valid modified UTF-8 ({@link ModUtf8}). Error texts (without the
 * {@code "JSON parse error, "} prefix):
 * <ul>
 *   <li>{@code invalid escape sequence in string};
 *   <li>{@code <escape as written> is not a valid Unicode character}, where the quoted text is the
 *       six (or, for a pair, twelve) bytes starting at the backslash, cut at the end of the token,
 *       so it may include the closing quote, e.g. <code>&#92;u00" is not a valid Unicode character</code>;
 *   <li>{@code invalid UTF-8 sequence in string}.
 * </ul>
 *
 * <p>Not thread-safe; one instance per parser.
 */
final class StringTokenDecoder {
    private final StringBuilder out = new StringBuilder();
    private String error;

    /**
     * Decodes {@code token[0..length)}, which the lexer guarantees to be a complete quoted string.
     *
     * @return the value, or {@code null} with {@link #error()} set
     */
    String decode(final byte[] token, final int length) {
        out.setLength(0);
        error = null;
        final byte quote = token[0];
        int i = 1;
        while (token[i] != quote) {
            if (token[i] == '\\') {
                final int escape = i;
                i++;
                final int c = token[i++] & 0xFF;
                switch (c) {
                    case '"':
                    case '\'':
                    case '\\':
                    case '/':
                        out.append((char) c);
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'n':
                        out.append('\n');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'u':
                        i = unicodeEscape(token, length, escape, i);
                        if (i < 0) {
                            return null;
                        }
                        break;
                    default:
                        return fail("invalid escape sequence in string");
                }
            } else {
                final long d = ModUtf8.decode(token, i, length);
                final int cp = ModUtf8.codePoint(d);
                if (cp == ModUtf8.INVALID) {
                    return fail("invalid UTF-8 sequence in string");
                }
                out.appendCodePoint(cp);
                i = ModUtf8.next(d);
            }
        }
        return out.toString();
    }

    /** The error text of the last failed {@link #decode}. */
    String error() {
        return error;
    }

    /**
     * Handles the escape whose backslash is at {@code escape} and whose four hex digits should
     * start at {@code digits}; returns the position after it, or -1 after setting the error.
     */
    private int unicodeEscape(final byte[] token, final int length, final int escape, final int digits) {
        int cp = hex4(token, length, digits);
        int end = digits + 4;
        // A high surrogate directly followed by another backslash-u escape forms a pair, or fails whole.
        if (cp >= 0xD800 && cp <= 0xDBFF && at(token, length, end) == '\\' && at(token, length, end + 1) == 'u') {
            final int low = hex4(token, length, end + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp & 0x3FF) << 10) + (low & 0x3FF);
                end += 6;
            } else {
                cp = -1;
            }
        }
        if (!ModUtf8.isValidCodePoint(cp)) {
            // QEMU prints the escape with "%.*s": the C string ends at the token's end.
            final String written = ModUtf8.lenientString(token, escape, Math.min(end, length));
            fail(written + " is not a valid Unicode character");
            return -1;
        }
        out.appendCodePoint(cp);
        return end;
    }

    private String fail(final String message) {
        error = message;
        return null;
    }

    /** Four hex digits as a value, or -1 if any is missing or not hex (QEMU's cvt4hex). */
    private static int hex4(final byte[] token, final int length, final int at) {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            final int c = at(token, length, at + k);
            final int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            } else {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** The byte at {@code i}, or 0 past the end, as C would see the string terminator. */
    private static int at(final byte[] token, final int length, final int i) {
        return i < length ? token[i] & 0xFF : 0;
    }
}
