package org.runstate.machine.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * QEMU's scalar parsers with their error messages: {@code qapi_bool_parse},
 * {@code qemu_strtou64} and {@code qemu_strtosz} as QemuOpts and the QAPI visitors use them.
 */
public final class QemuValues {
    private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);
    private static final String SIZE_HINT = "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
            + "and exabytes, respectively.\n";

    private QemuValues() {
    }

    /**
     * {@code qapi_bool_parse}: on/yes/true/y and off/no/false/n.
     *
     * @param name the parameter, for the message
     * @param value the text
     * @return the value
     * @throws CliError {@code Parameter 'NAME' expects 'on' or 'off'}
     */
    public static boolean bool(final String name, final String value) {
        return switch (value) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> throw new CliError("Parameter '" + name + "' expects 'on' or 'off'");
        };
    }

    /**
     * {@code parse_option_number}: an unsigned 64-bit number ({@code strtoull} base 0; a leading
     * minus wraps around, as in C).
     *
     * @param name the parameter, for the message
     * @param value the text
     * @return the value (unsigned)
     * @throws CliError QEMU's messages for a malformed or too large number
     */
    public static long number(final String name, final String value) {
        BigInteger n = parseU64(value);
        if (n == null) {
            throw new CliError("Parameter '" + name + "' expects a number");
        }
        if (n.compareTo(U64_LIMIT) >= 0) {
            throw new CliError("Value '" + value + "' is too large for parameter '" + name + "'");
        }
        return n.longValue();
    }

    /**
     * {@code parse_option_size}: a number with an optional binary suffix; a fraction is allowed
     * before a suffix.
     *
     * @param name the parameter, for the message
     * @param value the text
     * @return the size in bytes (unsigned)
     * @throws CliError QEMU's messages
     */
    public static long size(final String name, final String value) {
        BigInteger n = parseSize(value, 1);
        if (n == null) {
            throw new CliError(null, "Parameter '" + name + "' expects a non-negative number below 2^64", SIZE_HINT);
        }
        if (n.signum() < 0 || n.compareTo(U64_LIMIT) >= 0) {
            throw new CliError("Value '" + value + "' is out of range for parameter '" + name + "'");
        }
        return n.longValue();
    }

    /**
     * {@code qemu_strtosz_MiB}: as {@link #size} but a bare number means MiB ({@code -m 512}).
     *
     * @param value the text
     * @return the size in bytes, or null when malformed or out of range
     */
    public static Long sizeMiB(final String value) {
        BigInteger n = parseSize(value, 1 << 20);
        return n == null || n.signum() < 0 || n.compareTo(U64_LIMIT) >= 0 ? null : n.longValue();
    }

    /** {@code strtoull(s, &end, 0)} over the whole string; null if not a number. */
    static BigInteger parseU64(final String value) {
        String s = value.strip();
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        if (s.length() > 1 && (s.startsWith("0x") || s.startsWith("0X"))) {
            radix = 16;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
        }
        final int base = radix;
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, base) >= 0)) {
            return null;
        }
        BigInteger n = new BigInteger(s, radix);
        if (n.compareTo(U64_LIMIT) >= 0) {
            return n;
        }
        return negative ? U64_LIMIT.subtract(n).mod(U64_LIMIT) : n;
    }

    /** {@code do_strtosz}: digits (a fraction only with a suffix), then one of B k M G T P E. */
    private static BigInteger parseSize(final String value, final long defaultUnit) {
        String s = value;
        int i = 0;
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        if (hex) {
            i = 2;
            while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                i++;
            }
            if (i == 2) {
                return null;
            }
        } else {
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (i == 0 || s.substring(0, i).chars().filter(c -> c == '.').count() > 1 || s.charAt(0) == '.') {
                return null;
            }
        }
        String digits = s.substring(0, i);
        String suffix = s.substring(i);
        long unit;
        if (suffix.isEmpty()) {
            unit = defaultUnit;
        } else if (suffix.length() == 1) {
            unit = switch (suffix.toUpperCase(Locale.ROOT).charAt(0)) {
                case 'B' -> 1;
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                case 'T' -> 1L << 40;
                case 'P' -> 1L << 50;
                case 'E' -> 1L << 60;
                default -> -1;
            };
            if (unit < 0) {
                return null;
            }
        } else {
            return null;
        }
        if (hex) {
            return suffix.isEmpty() || unit == 1 ? new BigInteger(digits.substring(2), 16) : null;
        }
        if (digits.contains(".") && unit == 1) {
            return null; // QEMU: a fraction needs a suffix
        }
        return new BigDecimal(digits).multiply(BigDecimal.valueOf(unit)).toBigInteger();
    }
}
