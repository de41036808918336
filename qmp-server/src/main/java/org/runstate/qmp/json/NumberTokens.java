package org.runstate.qmp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Number tokens to values, as QEMU's {@code parse_literal}: an integer token becomes an int64 if
 * it fits, else a uint64 if it is non-negative and fits, else a double ({@code strtod}); a float
 * token is always a double. {@code -0} is the integer 0; {@code 1e400} is infinity.
 */
final class NumberTokens {
    /** 2^64 - 1, the largest QEMU uint64. */
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** Digits of UINT64_MAX; longer integer tokens cannot fit any integer type. */
    private static final int UINT64_DIGITS = 20;

    private NumberTokens() {
    }

    /** Converts an INTEGER token, {@code -?(0|[1-9][0-9]*)}. */
    static JsonNode integer(final byte[] token, final int length) {
        final String text = new String(token, 0, length, StandardCharsets.US_ASCII);
        final boolean negative = token[0] == '-';
        final int digits = negative ? length - 1 : length;
        if (digits <= 18) {
            return LongNode.valueOf(Long.parseLong(text));
        }
        // No leading zeros are possible, so a longer token is out of range for sure; skipping
        // BigInteger then keeps a huge digit string from costing quadratic time.
        if (digits <= UINT64_DIGITS) {
            final BigInteger value = new BigInteger(text);
            if (value.bitLength() <= 63) {
                return LongNode.valueOf(value.longValue());
            }
            if (!negative && value.compareTo(UINT64_MAX) <= 0) {
                return BigIntegerNode.valueOf(value);
            }
        }
        return DoubleNode.valueOf(Double.parseDouble(text));
    }

    /** Converts a FLOAT token; Java's parser, like glibc's strtod, rounds correctly. */
    static JsonNode floating(final byte[] token, final int length) {
        return DoubleNode.valueOf(Double.parseDouble(new String(token, 0, length, StandardCharsets.US_ASCII)));
    }
}
