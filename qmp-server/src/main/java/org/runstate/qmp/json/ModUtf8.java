package org.runstate.qmp.json;

import java.io.ByteArrayOutputStream;

/**
 * QEMU's "modified UTF-8" rules (util/unicode.c): how QEMU decodes one code point from a byte
 * string, which code points it considers valid, and how it would store a Java string as bytes.
 *
 * <p>QEMU quirks copied here, all observable on the wire:
 * <ul>
 *   <li>the overlong sequence {@code C0 80} is accepted as U+0000 (that is how QEMU stores NUL);
 *   <li>noncharacters (U+FDD0..U+FDEF and every U+xxFFFE/U+xxFFFF) and surrogates are invalid,
 *       whether written raw or as <code>&#92;u</code> escapes;
 *   <li>an invalid sequence consumes its lead byte plus every well-formed continuation byte that
 *       follows it, so each such run becomes exactly one U+FFFD when printed.
 * </ul>
 */
final class ModUtf8 {
    /** Returned by {@link #decode} in the code-point half when the sequence is invalid. */
    static final int INVALID = -1;

    /** Smallest code point that needs a sequence of 2, 3, 4, 5, 6 bytes (overlong check). */
    private static final int[] MIN_CODE_POINT = {0x80, 0x800, 0x10000, 0x200000, 0x4000000};

    private ModUtf8() {
    }

    /**
     * Decodes one code point like QEMU's {@code mod_utf8_codepoint}.
     *
     * @param s     the bytes
     * @param i     where the sequence starts
     * @param limit end of the data; QEMU's strings are NUL-terminated, so any read at or beyond
     *              {@code limit} sees a 0 byte, which is never a continuation byte
     * @return {@code (next << 32) | (codePoint & 0xFFFFFFFFL)}, code point {@link #INVALID} on
     *         error; {@code next} is where the following sequence starts
     */
    static long decode(final byte[] s, final int i, final int limit) {
        if (i >= limit || s[i] == 0) {
            return pack(INVALID, i);
        }
        int p = i;
        final int lead = s[p++] & 0xFF;
        if (lead < 0x80) {
            return pack(lead, p);
        }
        // 0xFE/0xFF never start a sequence; 0x80..0xBF are stray continuation bytes.
        if (lead >= 0xFE || (lead & 0x40) == 0) {
            return pack(INVALID, p);
        }
        int length = 0;
        int mask = 0x80;
        while ((lead & mask) != 0) {
            length++;
            mask >>= 1;
        }
        int cp = lead & (mask - 1);
        for (int k = 1; k < length; k++) {
            final int cont = p < limit ? s[p] & 0xFF : 0;
            if ((cont & 0xC0) != 0x80) {
                // QEMU stops in front of the bad byte: it is decoded afresh next time.
                return pack(INVALID, p);
            }
            p++;
            cp = (cp << 6) | (cont & 0x3F);
        }
        if (!isValidCodePoint(cp)) {
            cp = INVALID;
        } else if (cp < MIN_CODE_POINT[length - 2] && !(cp == 0 && length == 2)) {
            // Overlong, except C0 80: QEMU's representation of U+0000.
            cp = INVALID;
        }
        return pack(cp, p);
    }

    /** The code point half of a {@link #decode} result. */
    static int codePoint(final long decoded) {
        return (int) decoded;
    }

    /** The "next position" half of a {@link #decode} result. */
    static int next(final long decoded) {
        return (int) (decoded >>> 32);
    }

    /**
     * QEMU's {@code is_valid_codepoint}: rejects values above U+10FFFF, surrogates and
     * noncharacters.
     */
    static boolean isValidCodePoint(final int cp) {
        if (cp < 0 || cp > 0x10FFFF) {
            return false;
        }
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            return false;
        }
        return cp < 0xD800 || cp > 0xDFFF;
    }

    /**
     * Turns raw bytes that QEMU would put into an error message into the Java string a QMP client
     * ends up seeing: the text stops at the first NUL byte (C {@code %s}), and every invalid
     * sequence becomes U+FFFD, as QEMU's JSON writer prints it as <code>&#92;uFFFD</code>.
     */
    static String lenientString(final byte[] s, final int off, final int end) {
        final StringBuilder out = new StringBuilder(end - off);
        int limit = off;
        while (limit < end && s[limit] != 0) {
            limit++;
        }
        int i = off;
        while (i < limit) {
            final long d = decode(s, i, limit);
            final int cp = codePoint(d);
            out.appendCodePoint(cp == INVALID ? 0xFFFD : cp);
            i = next(d);
        }
        return out.toString();
    }

    /**
     * The bytes QEMU would hold for a Java string: UTF-8, except U+0000 as {@code C0 80}. An
     * unpaired surrogate cannot come out of QEMU's parser; it is stored as U+FFFD, matching what
     * {@link QmpJsonWriter} prints for it.
     */
    static byte[] encode(final String text) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            if (cp == 0) {
                out.write(0xC0);
                out.write(0x80);
            } else if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | (cp >> 6));
                out.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out.write(0xE0 | (cp >> 12));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else {
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            }
        }
        return out.toByteArray();
    }

    private static long pack(final int cp, final int next) {
        return ((long) next << 32) | (cp & 0xFFFFFFFFL);
    }
}
