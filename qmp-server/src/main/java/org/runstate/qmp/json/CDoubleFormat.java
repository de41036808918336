package org.runstate.qmp.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code printf("%.17g")} as glibc prints it, which is how QEMU's JSON writer prints every
 * double. Java's own {@code %g} differs (it never drops trailing zeros and switches to exponent
 * form at other thresholds), hence this class.
 *
 * <p>Rules: round the exact binary value to 17 significant digits (ties to even, as glibc does in
 * the default rounding mode); with X the decimal exponent of the result, use fixed notation if
 * {@code -4 <= X < 17}, else {@code d.ddde+XX} with at least two exponent digits; then remove
 * trailing zeros and a trailing decimal point. Non-finite values print as glibc does:
 * {@code inf}, {@code -inf}, {@code nan}, {@code -nan}; QEMU emits them although they are not
 * JSON.
 */
final class CDoubleFormat {
    private static final int PRECISION = 17;
    private static final MathContext SIGNIFICANT = new MathContext(PRECISION, RoundingMode.HALF_EVEN);

    private CDoubleFormat() {
    }

    /** Appends {@code value} formatted as {@code %.17g}. */
    static void appendG17(final double value, final StringBuilder out) {
        final boolean negative = (Double.doubleToRawLongBits(value) & Long.MIN_VALUE) != 0;
        if (negative) {
            out.append('-');
        }
        if (Double.isNaN(value)) {
            out.append("nan");
            return;
        }
        if (Double.isInfinite(value)) {
            out.append("inf");
            return;
        }
        if (value == 0) {
            out.append('0');
            return;
        }
        final BigDecimal rounded = new BigDecimal(Math.abs(value)).round(SIGNIFICANT);
        final String digits = rounded.unscaledValue().toString();
        final int exponent = digits.length() - 1 - rounded.scale();
        // Significant digits without trailing zeros; what %g keeps after stripping.
        int kept = digits.length();
        while (kept > 1 && digits.charAt(kept - 1) == '0') {
            kept--;
        }
        final String significant = digits.substring(0, kept);
        if (exponent < -4 || exponent >= PRECISION) {
            out.append(significant.charAt(0));
            if (kept > 1) {
                out.append('.').append(significant, 1, kept);
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            final int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            out.append(magnitude);
        } else if (exponent < 0) {
            out.append("0.");
            for (int i = -1; i > exponent; i--) {
                out.append('0');
            }
            out.append(significant);
        } else if (kept <= exponent + 1) {
            out.append(significant);
            for (int i = kept; i <= exponent; i++) {
                out.append('0');
            }
        } else {
            out.append(significant, 0, exponent + 1).append('.').append(significant, exponent + 1, kept);
        }
    }
}
