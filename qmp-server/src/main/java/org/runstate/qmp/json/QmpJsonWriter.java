package org.runstate.qmp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Serialises a JSON tree byte for byte as QEMU 7.2's {@code qobject_to_json} (compact mode,
 * qobject/qjson.c and qobject/json-writer.c) would serialise the equivalent QObject.
 *
 * <ul>
 *   <li>Separators are {@code ", "} and {@code ": "}; nothing inside brackets otherwise.
 *   <li>Object members come in QDict iteration order: by bucket ({@link #qdictBucket}) ascending,
 *       and within a bucket the most recently inserted key first. A Jackson {@link ObjectNode}'s
 *       insertion order stands for QEMU's insertion order, so build objects in the order QEMU's
 *       code or QAPI visitor would insert the keys.
 *   <li>Strings: {@code \" \\ \b \f \n \r \t} short escapes; any other code point below 0x20 or
 *       from 0x7F up as <code>&#92;uXXXX</code> with upper-case hex, above U+FFFF as a surrogate
 *       pair; {@code /} is not escaped. Code points QEMU deems invalid (unpaired surrogates,
 *       noncharacters such as U+FFFE or U+FDD0) print as <code>&#92;uFFFD</code>. Output is ASCII.
 *   <li>Integers print in full (int64 or uint64); doubles as C {@code %.17g}, so {@code 1500.0}
 *       prints {@code 1500}, {@code -0.0} prints {@code -0}, and infinity prints {@code inf}
 *       (QEMU's known invalid output).
 * </ul>
 *
 * <p>The trailing newline QMP adds after each message is not written here.
 */
public final class QmpJsonWriter {
    /** QEMU's QDICT_BUCKET_MAX. */
    private static final int QDICT_BUCKETS = 512;
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QmpJsonWriter() {
    }

    /**
     * Serialises a tree.
     *
     * @param node the value
     * @return QEMU's compact JSON text for it
     * @throws IllegalArgumentException for nodes QEMU has no equivalent of (binary, POJO, missing)
     */
    public static String write(final JsonNode node) {
        final StringBuilder out = new StringBuilder(128);
        write(node, out);
        return out.toString();
    }

    /**
     * Appends the serialisation of a tree.
     *
     * @param node the value
     * @param out  where to append
     * @throws IllegalArgumentException for nodes QEMU has no equivalent of (binary, POJO, missing)
     */
    public static void write(final JsonNode node, final StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT:
                writeObject((ObjectNode) node, out);
                break;
            case ARRAY:
                writeArray(node, out);
                break;
            case STRING:
                writeString(node.textValue(), out);
                break;
            case NUMBER:
                writeNumber(node, out);
                break;
            case BOOLEAN:
                out.append(node.booleanValue() ? "true" : "false");
                break;
            case NULL:
                out.append("null");
                break;
            default:
                throw new IllegalArgumentException("no QObject equivalent for " + node.getNodeType());
        }
    }

    /**
     * The QDict bucket QEMU puts {@code key} in: {@code tdb_hash(key) % 512} over the key's bytes
     * as QEMU stores them (UTF-8, U+0000 as {@code C0 80}).
     *
     * @param key an object key
     * @return the bucket, 0..511
     */
    public static int qdictBucket(final String key) {
        final byte[] bytes = storedBytes(key);
        // tdb_hash: unsigned 32-bit arithmetic, which Java's int overflow reproduces.
        int value = 0x238F13AF * bytes.length;
        for (int i = 0; i < bytes.length; i++) {
            value += (bytes[i] & 0xFF) << (i * 5 % 24);
        }
        final int hash = 1103515243 * value + 12345;
        return Integer.remainderUnsigned(hash, QDICT_BUCKETS);
    }

    /**
     * The bytes QEMU holds for a string that came out of its JSON parser (a QDict key, say), which
     * its hash functions run over: UTF-8, U+0000 as {@code C0 80}.
     *
     * @param text the string
     * @return its bytes, without a terminating NUL
     */
    public static byte[] storedBytes(final String text) {
        return ModUtf8.encode(text);
    }

    /**
     * The keys of an object in the order QEMU iterates the equivalent QDict (and so prints them,
     * and checks QMP request members in): buckets ascending, newest key first within a bucket.
     *
     * @param object the object; its insertion order stands for QEMU's
     * @return its keys in QDict order
     */
    public static List<String> qdictKeyOrder(final ObjectNode object) {
        final List<Member> members = new ArrayList<>(object.size());
        final Iterator<String> names = object.fieldNames();
        int index = 0;
        while (names.hasNext()) {
            final String key = names.next();
            members.add(new Member(key, qdictBucket(key), index++));
        }
        members.sort(Comparator.comparingInt(Member::bucket)
                .thenComparing(Comparator.comparingInt(Member::insertion).reversed()));
        final List<String> keys = new ArrayList<>(members.size());
        for (final Member member : members) {
            keys.add(member.key());
        }
        return keys;
    }

    private record Member(String key, int bucket, int insertion) {
    }

    private static void writeObject(final ObjectNode object, final StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (final String key : qdictKeyOrder(object)) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            writeString(key, out);
            out.append(": ");
            write(object.get(key), out);
        }
        out.append('}');
    }

    private static void writeArray(final JsonNode array, final StringBuilder out) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            write(array.get(i), out);
        }
        out.append(']');
    }

    private static void writeNumber(final JsonNode number, final StringBuilder out) {
        if (number.isIntegralNumber() && !number.isBigInteger()) {
            out.append(number.longValue());
        } else if (number.isBigInteger()) {
            final BigInteger value = number.bigIntegerValue();
            // QEMU has only int64, uint64 and double; a wider integer can only be a double there.
            if (value.compareTo(INT64_MIN) >= 0 && value.compareTo(UINT64_MAX) <= 0) {
                out.append(value);
            } else {
                CDoubleFormat.appendG17(value.doubleValue(), out);
            }
        } else {
            CDoubleFormat.appendG17(number.doubleValue(), out);
        }
    }

    private static void writeString(final String text, final StringBuilder out) {
        out.append('"');
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!ModUtf8.isValidCodePoint(cp)) {
                // QEMU's decoder rejects these bytes and the writer substitutes U+FFFD.
                cp = 0xFFFD;
            }
            switch (cp) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (cp > 0xFFFF) {
                        appendUnicodeEscape(Character.highSurrogate(cp), out);
                        appendUnicodeEscape(Character.lowSurrogate(cp), out);
                    } else if (cp < 0x20 || cp >= 0x7F) {
                        appendUnicodeEscape(cp, out);
                    } else {
                        out.append((char) cp);
                    }
            }
        }
        out.append('"');
    }

    private static void appendUnicodeEscape(final int unit, final StringBuilder out) {
        out.append("\\u")
                .append(HEX[(unit >> 12) & 0xF])
                .append(HEX[(unit >> 8) & 0xF])
                .append(HEX[(unit >> 4) & 0xF])
                .append(HEX[unit & 0xF]);
    }
}
