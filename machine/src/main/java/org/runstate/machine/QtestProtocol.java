package org.runstate.machine;

import java.util.Locale;
import org.runstate.core.Machine;

/**
 * QEMU 7.2's qtest line protocol (softmmu/qtest.c) for the commands the run-state machine needs,
 * plus the conformance agent's {@code wrmsr}/{@code rdmsr}. Each line runs on the control thread
 * as an access by vCPU 0, so a stop it causes is a request, exactly as for a real guest.
 */
final class QtestProtocol {
    private final Machine machine;
    private final GuestIo io;
    private final java.util.function.Function<String[], String> extension;

    /**
     * @param extension machine-specific commands (the s390 ones): returns the reply, or null for
     *     "not mine"
     */
    QtestProtocol(final Machine machine, final GuestIo io, final java.util.function.Function<String[], String> extension) {
        this.machine = machine;
        this.io = io;
        this.extension = extension;
    }

    /**
     * Handles one line; call on the control thread.
     *
     * @param line the command without its newline
     * @return the reply without its newline
     */
    String handle(final String line) {
        String[] w = line.trim().split("\\s+");
        if (w.length == 0 || w[0].isEmpty()) {
            return "FAIL Unknown command ''";
        }
        try {
            return dispatch(w);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return "ERR invalid arguments to '" + w[0] + "'";
        } catch (IllegalStateException e) {
            // clock_step/clock_set without -accel qtest: virtual time follows the host there
            return "FAIL " + w[0] + " needs -accel qtest";
        }
    }

    private String dispatch(final String[] w) {
        switch (w[0]) {
            case "outb", "outw", "outl" -> {
                long port = number(w[1]);
                long value = number(w[2]);
                asVcpu(() -> io.portWrite(port, size(w[0].charAt(3)), value));
                return "OK";
            }
            case "inb", "inw", "inl" -> {
                long port = number(w[1]);
                long[] v = new long[1];
                asVcpu(() -> v[0] = io.portRead(port, size(w[0].charAt(2))));
                return String.format(Locale.ROOT, "OK 0x%04x", v[0]);
            }
            case "writeb", "writew", "writel", "writeq" -> {
                long addr = number(w[1]);
                long value = number(w[2]);
                asVcpu(() -> io.memWrite(addr, size(w[0].charAt(5)), value));
                return "OK";
            }
            case "readb", "readw", "readl", "readq" -> {
                long addr = number(w[1]);
                long[] v = new long[1];
                asVcpu(() -> v[0] = io.memRead(addr, size(w[0].charAt(4))));
                return String.format(Locale.ROOT, "OK 0x%016x", v[0]);
            }
            case "clock_step" -> {
                long ns = w.length > 1 ? number(w[1]) : nextDeadlineStep();
                return "OK " + machine.stepVirtualClock(ns);
            }
            case "clock_set" -> {
                return "OK " + machine.setVirtualClock(number(w[1]));
            }
            case "wrmsr" -> {
                long msr = number(w[1]);
                long value = number(w[2]);
                boolean[] ok = new boolean[1];
                asVcpu(() -> ok[0] = io.wrmsr(msr, value));
                return ok[0] ? "OK" : "ERR #GP";
            }
            case "rdmsr" -> {
                long msr = number(w[1]);
                Long[] v = new Long[1];
                asVcpu(() -> v[0] = io.rdmsr(msr));
                return v[0] == null ? "ERR #GP" : String.format(Locale.ROOT, "OK 0x%016x", v[0]);
            }
            default -> {
                String reply = extension.apply(w);
                return reply != null ? reply : "FAIL Unknown command '" + w[0] + "'";
            }
        }
    }

    /** {@code clock_step} without an argument steps to the next virtual timer deadline. */
    private long nextDeadlineStep() {
        // QEMU warps to now + deadline; with no timer (-1) that leaves the clock where it is
        return Math.max(machine.virtualClock().nanosToNextDeadline(), 0);
    }

    private void asVcpu(final Runnable access) {
        machine.runAsVcpu(0, access);
    }

    private static int size(final char c) {
        return switch (c) {
            case 'b' -> 1;
            case 'w' -> 2;
            case 'l' -> 4;
            default -> 8;
        };
    }

    /** Like QEMU's {@code qemu_strtou64(s, NULL, 0, ...)}: decimal, 0x hex or 0 octal. */
    static long number(final String s) {
        String t = s.toLowerCase(Locale.ROOT);
        boolean negative = t.startsWith("-");
        if (negative) {
            t = t.substring(1);
        }
        long v;
        if (t.startsWith("0x")) {
            v = Long.parseUnsignedLong(t.substring(2), 16);
        } else if (t.length() > 1 && t.startsWith("0")) {
            v = Long.parseUnsignedLong(t.substring(1), 8);
        } else {
            v = Long.parseUnsignedLong(t);
        }
        return negative ? -v : v;
    }
}
