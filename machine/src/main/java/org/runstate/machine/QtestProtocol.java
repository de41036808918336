package org.runstate.machine;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.runstate.core.Machine;

/**
 * QEMU 7.2's qtest line protocol (softmmu/qtest.c) for the commands the run-state machine and
 * libqtest need, plus the conformance agent's {@code wrmsr}/{@code rdmsr}. Each line runs on the
 * control thread as an access by vCPU 0, so a stop it causes is a request, exactly as for a real
 * guest.
 *
 * <p>Byte transfers ({@code read}, {@code write}, {@code b64read}, {@code b64write},
 * {@code memset}) go through the memory space as {@code address_space_read/write} do: guest RAM
 * is copied, a device region gets accesses as wide as its valid size and the alignment allow.
 * {@code readb}..{@code writeq} stay guest (TCG) accesses, as the recorded scenarios pin them.
 *
 * <p>Interrupts: {@code irq_intercept_in/out PATH} intercept the unnamed GPIO lines of one device
 * of {@link GuestIo#irqs()}; from then on every level change is sent at once, on whatever thread
 * caused it, to the asynchronous-line consumer as {@code IRQ raise N} / {@code IRQ lower N}. A
 * change caused by a command is sent before that command's reply is returned.
 *
 * <p>Where QEMU asserts on bad input and aborts (a missing or malformed number, {@code read} of 0
 * bytes, {@code set_irq_in} of an input the device lacks) the reply is {@code ERR ...} and the
 * connection goes on; a {@code read} or {@code b64read} of more than {@link #MAX_TRANSFER} bytes,
 * and a {@code write} or {@code b64write} that says it is longer, are refused the same way (QEMU
 * has no limit; its reply to a big read is a line of twice the size).
 */
final class QtestProtocol {
    /** The most bytes one {@code read}, {@code b64read}, {@code write} or {@code b64write} moves. */
    static final int MAX_TRANSFER = 16 << 20;

    private final Machine machine;
    private final GuestIo io;
    private final Function<String[], String> extension;
    private final QtestIrqs irqs;

    /**
     * A protocol whose asynchronous {@code IRQ} lines go nowhere.
     *
     * @param extension machine-specific commands (the s390 ones): returns the reply, or null for
     *     "not mine"
     */
    QtestProtocol(final Machine machine, final GuestIo io, final Function<String[], String> extension) {
        this(machine, io, extension, null);
    }

    /**
     * @param extension machine-specific commands (the s390 ones): returns the reply, or null for
     *     "not mine"
     * @param asyncLines receives each asynchronous line ({@code IRQ raise 9}), without newline, on
     *     the thread that changed the level (the control thread during a command), before the
     *     command that caused it returns its reply; it must be thread-safe and must not call back
     *     into the machine. Null: lines are dropped.
     */
    QtestProtocol(final Machine machine, final GuestIo io, final Function<String[], String> extension,
            final Consumer<String> asyncLines) {
        this.machine = machine;
        this.io = io;
        this.extension = extension;
        this.irqs = io.irqs();
        if (asyncLines != null) {
            irqs.addSink(asyncLines);
        }
    }

    /**
     * A client connected ({@code CHR_EVENT_OPENED}): every interrupt line counts as low again, so
     * the next raise is reported. Interception stays, as in QEMU.
     */
    void connectionOpened() {
        irqs.resetLevels();
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
        } catch (IllegalArgumentException e) {
            return "ERR " + e.getMessage();
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
            case "read" -> {
                long addr = number(w[1]);
                byte[] data = new byte[transferSize(w[0], number(w[2]), false)];
                asVcpu(() -> io.readBytes(addr, data));
                return "OK 0x" + HexFormat.of().formatHex(data);
            }
            case "b64read" -> {
                long addr = number(w[1]);
                byte[] data = new byte[transferSize(w[0], number(w[2]), true)];
                asVcpu(() -> io.readBytes(addr, data));
                return "OK " + Base64.getEncoder().encodeToString(data);
            }
            case "write" -> {
                long addr = number(w[1]);
                long len = number(w[2]);
                String hex = w.length > 3 ? w[3] : "";
                if (hex.length() < 3) {
                    return "ERR invalid argument size";
                }
                byte[] data = hexPayload(hex, transferSize(w[0], len, true));
                asVcpu(() -> io.writeBytes(addr, data));
                return "OK";
            }
            case "b64write" -> {
                long addr = number(w[1]);
                long len = number(w[2]);
                String b64 = w.length > 3 ? w[3] : "";
                if (b64.length() < 3) {
                    return "ERR invalid argument size";
                }
                byte[] data = base64Payload(b64, transferSize(w[0], len, true));
                asVcpu(() -> io.writeBytes(addr, data));
                return "OK";
            }
            case "memset" -> {
                long addr = number(w[1]);
                long len = number(w[2]);
                byte pattern = (byte) number(w[3]);
                if (len != 0) {
                    asVcpu(() -> io.fill(addr, len, pattern));
                }
                return "OK";
            }
            case "endianness" -> {
                return io.bigEndian() ? "OK big" : "OK little";
            }
            case "irq_intercept_in", "irq_intercept_out" -> {
                return irqs.intercept(w[1], w[0].endsWith("out"));
            }
            case "set_irq_in" -> {
                String path = w[1];
                String name = w[2];
                int n = intNumber(w[3]);
                int level = intNumber(w[4]);
                return irqs.setInput(path, name, n, level); // another device's doing, not vCPU 0's
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

    /**
     * The length of a byte transfer. QEMU asserts that a {@code read} is not empty; the limit is
     * runstate's own.
     */
    private static int transferSize(final String command, final long len, final boolean emptyOk) {
        if (len == 0 && !emptyOk) {
            throw new IllegalArgumentException("'" + command + "' of 0 bytes");
        }
        if (Long.compareUnsigned(len, MAX_TRANSFER) > 0) {
            throw new IllegalArgumentException("'" + command + "' of more than " + MAX_TRANSFER + " bytes");
        }
        return (int) len;
    }

    /**
     * {@code write}'s data as QEMU decodes it: the first two characters are skipped unread (the
     * "0x"), then byte {@code i} is characters {@code 2i+2} and {@code 2i+3} while both exist (a
     * last odd digit is ignored), and 0 after that. A non-hex digit counts as -1: high nibble
     * 0xF0, low nibble 0xFF for the whole byte.
     */
    static byte[] hexPayload(final String hex, final int len) {
        byte[] data = new byte[len];
        for (int i = 0; i < len && i * 2 + 4 <= hex.length(); i++) {
            int b = nibble(hex.charAt(i * 2 + 2)) << 4;
            b |= nibble(hex.charAt(i * 2 + 3));
            data[i] = (byte) b;
        }
        return data;
    }

    private static int nibble(final char c) {
        int d = Character.digit(c, 16);
        return c < 0x80 ? d : -1; // only ASCII digits, as QEMU's hex2nib
    }

    /**
     * {@code b64write}'s data as QEMU 7.2 writes it: the text is decoded in place
     * ({@code g_base64_decode_inplace}) and {@code len} bytes of that buffer are written, whatever
     * the decoded length: the decoded bytes, then the text's own characters from that position on,
     * then its terminating NUL. QEMU reads heap memory after that; here it is 0.
     */
    static byte[] base64Payload(final String b64, final int len) {
        byte[] decoded = glibBase64Decode(b64);
        byte[] data = new byte[len];
        for (int i = 0; i < len && i < b64.length(); i++) {
            data[i] = i < decoded.length ? decoded[i] : (byte) b64.charAt(i);
        }
        return data;
    }

    /**
     * GLib's {@code g_base64_decode_step} on the whole text: characters outside the alphabet are
     * skipped, {@code =} counts as a zero digit, and every fourth digit completes a group of three
     * bytes, of which the last one or two are left out when the group ends in {@code =} or
     * {@code ==}; an incomplete last group gives nothing.
     */
    static byte[] glibBase64Decode(final String text) {
        byte[] out = new byte[text.length() / 4 * 3 + 3];
        int n = 0;
        int digits = 0;
        int group = 0;
        char last = 0;
        char beforeLast = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int rank = base64Rank(c);
            if (rank < 0) {
                continue;
            }
            beforeLast = last;
            last = c;
            group = group << 6 | rank;
            if (++digits == 4) {
                out[n++] = (byte) (group >> 16);
                if (beforeLast != '=') {
                    out[n++] = (byte) (group >> 8);
                }
                if (last != '=') {
                    out[n++] = (byte) group;
                }
                digits = 0;
                group = 0;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int base64Rank(final char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        } else if (c == '+') {
            return 62;
        } else if (c == '/') {
            return 63;
        } else if (c == '=') {
            return 0;
        }
        return -1;
    }

    /** Like {@code qemu_strtoi(s, NULL, 0, ...)}: a number that fits an int. */
    private static int intNumber(final String s) {
        long v = number(s);
        if (v != (int) v) {
            throw new NumberFormatException("out of int range: " + s);
        }
        return (int) v;
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
