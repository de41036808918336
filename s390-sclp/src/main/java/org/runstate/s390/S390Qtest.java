package org.runstate.s390;

import java.util.Locale;

/**
 * The s390 qtest extension commands (conformance/s390-extensions.md): each stands for something
 * the guest program did, so that scenarios can drive the model without running s390 code.
 * Numbers are read like {@code strtoull(s, NULL, 0)}. Bad input and unknown CPUs get
 * {@code ERR <reason>}, never {@code OK}.
 */
final class S390Qtest {
    private final S390Machine s390;

    S390Qtest(final S390Machine s390) {
        this.s390 = s390;
    }

    /**
     * Handles one line.
     *
     * @param w the words of the line
     * @return the reply, or {@code null} when the command is not an s390 extension
     */
    String handle(final String[] w) {
        if (w.length == 0 || w[0] == null) {
            return null;
        }
        try {
            switch (w[0]) {
                case "s390_psw":
                    args(w, 3, "s390_psw CPU MASK ADDR");
                    s390.loadPsw(cpu(w[1]), number(w[2]), number(w[3]));
                    return "OK";
                case "s390_start":
                    args(w, 1, "s390_start CPU");
                    s390.startCpu(cpu(w[1]));
                    return "OK";
                case "s390_sclp": {
                    args(w, 3, "s390_sclp CPU CMD SCCB");
                    int cc = s390.serviceCall(cpu(w[1]), number(w[2]), number(w[3]));
                    return completion(cc, String.format(Locale.ROOT, "OK 0x%x", cc));
                }
                case "s390_irq": {
                    args(w, 1, "s390_irq CPU");
                    ExternalInterruption irq = s390.takeExternalInterruption(cpu(w[1]));
                    return irq == null ? "OK 0x0000 0x00000000"
                            : String.format(Locale.ROOT, "OK 0x%04x 0x%08x", irq.code(), irq.parameter());
                }
                case "s390_diag308": {
                    args(w, 2, "s390_diag308 CPU SUBCODE");
                    int rc = s390.diagnose308(cpu(w[1]), number(w[2]));
                    return completion(rc, "OK");
                }
                default:
                    return null;
            }
        } catch (BadInput | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            return "ERR " + e.getMessage();
        }
    }

    /**
     * The instruction either completed ({@code ok}) or raised a program interruption, which has
     * no condition code: {@code OK PGM 0x<code>}.
     */
    private static String completion(final int result, final String ok) {
        return result < 0 ? String.format(Locale.ROOT, "OK PGM 0x%04x", -result) : ok;
    }

    private static void args(final String[] w, final int count, final String usage) throws BadInput {
        if (w.length != count + 1) {
            throw new BadInput("usage: " + usage);
        }
    }

    private int cpu(final String s) throws BadInput {
        long n = number(s);
        if (n < 0 || n >= s390.cpuCount()) {
            throw new BadInput("no CPU " + s + " (the machine has " + s390.cpuCount() + ")");
        }
        return (int) n;
    }

    /**
     * {@code qemu_strtou64(s, NULL, 0, &v)}: decimal, {@code 0x} hex or {@code 0} octal, an
     * optional sign (a minus wraps, as strtoull does), nothing after the digits, no overflow.
     *
     * @param s the text
     * @return the 64-bit value
     * @throws BadInput for anything else
     */
    static long number(final String s) throws BadInput {
        String t = s;
        boolean negative = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty() || t.charAt(0) == '+' || t.charAt(0) == '-') {
            throw new BadInput("invalid number '" + s + "'");
        }
        try {
            long v = Long.parseUnsignedLong(t, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new BadInput("invalid number '" + s + "'");
        }
    }

    /** A malformed command line. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(final String message) {
            super(message, null, false, false);
        }
    }
}
