package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario needs from the launcher beyond QMP and the run-state core, and which of those
 * needs the launcher supports today.
 *
 * <p>Needs are read off the scenario itself: the machine type ({@code -M}), every
 * {@code -device} model, a {@code -cpu} model, and every location an {@code io} step touches
 * (an I/O port, a guest-physical address, an MSR, or a qtest extension command). The machine's
 * bus is empty today (qtest accesses see unassigned space), so a scenario with any io step needs
 * a device model, even without {@code -device} (e.g. the reset control register at 0xCF9).
 *
 * <p>{@link #SUPPORTED} is the explicit list of what works. When an issue adds a device, add its
 * keys here (e.g. {@code device:pvpanic} and {@code port:0x505}) and its scenarios start running.
 * To see how unsupported scenarios fare without editing, run with
 * {@code -Dconformance.runAll=true}.
 */
final class LauncherSupport {
    /** Keys of the needs the launcher supports; everything else is skipped with its label. */
    static final Set<String> SUPPORTED = Set.of("machine:pc", "machine:none", "machine:s390-ccw-virtio",
            // the pc platform: PCI config mechanism #1, PIIX3 reset control, PIIX4 PM at the scenarios' base
            "port:0xcf8", "port:0xcf9", "port:0xcfc", "port:0xcfd", "port:0xcfe", "port:0xcff", "port:0x604",
            "port:0x60", "port:0x64", "port:0x92",
            // devices
            "device:i6300esb", "device:pvpanic", "device:pvpanic-pci", "port:0x505",
            "cpu:*hv-crash", "msr:0x4000010*",
            // device MMIO on pc, guest RAM on s390
            "mem:*",
            // the s390 qtest extension commands
            "qtest:s390_*");

    /** Names for the fixed locations the x86 scenarios poke, to make skip reasons readable. */
    private static final Map<Long, String> PORT_NAMES = Map.of(
            0xcf8L, "PCI config address 0xCF8",
            0xcf9L, "reset control register 0xCF9",
            0xcfcL, "PCI config data 0xCFC",
            0xcfeL, "PCI config data 0xCFE",
            0x505L, "pvpanic ISA port 0x505",
            0x64L, "i8042 0x64");

    /**
     * One thing a scenario needs.
     *
     * @param key what {@link #SUPPORTED} lists, e.g. {@code device:pvpanic}, {@code port:0x505}
     * @param label how a skip reason names it
     */
    record Need(String key, String label) {
    }

    private LauncherSupport() {
    }

    /**
     * Everything the scenario needs beyond QMP and the run-state core, in first-use order.
     *
     * @param sc the scenario
     * @return the needs, without duplicates
     */
    static List<Need> needs(final Scenario sc) {
        Map<String, Need> out = new LinkedHashMap<>();
        out.put("machine:pc", new Need("machine:pc", "-M pc"));
        List<String> a = sc.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            String opt = a.get(i);
            String val = a.get(i + 1);
            if (opt.equals("-M") || opt.equals("-machine")) {
                String type = val.split(",")[0].replaceFirst("^type=", "");
                out.remove("machine:pc");
                add(out, "machine:" + type, "-M " + type);
            } else if (opt.equals("-device")) {
                String model = val.split(",")[0].replaceFirst("^driver=", "");
                add(out, "device:" + model, "-device " + model);
            } else if (opt.equals("-cpu")) {
                add(out, "cpu:" + val, "-cpu " + val);
            }
        }
        for (JsonNode st : sc.steps()) {
            if (st.has("io")) {
                for (String line : Scenario.ioLines(st)) {
                    Need n = ioNeed(line);
                    add(out, n.key(), n.label());
                }
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * The needs the launcher does not support yet.
     *
     * @param sc the scenario
     * @return the unsupported needs (empty if the scenario can run)
     */
    static List<Need> missing(final Scenario sc) {
        List<Need> out = new ArrayList<>();
        for (Need n : needs(sc)) {
            if (!isSupported(n.key())) {
                out.add(n);
            }
        }
        return out;
    }

    /** An entry ending in {@code *} is a prefix; one starting with {@code cpu:*} matches a feature suffix. */
    private static boolean isSupported(final String key) {
        for (String s : SUPPORTED) {
            if (s.equals(key)) {
                return true;
            }
            if (s.startsWith("cpu:*") && key.startsWith("cpu:") && key.endsWith(s.substring(5))) {
                return true;
            }
            if (s.endsWith("*") && !s.startsWith("cpu:*") && key.startsWith(s.substring(0, s.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static Need ioNeed(final String line) {
        String[] w = line.split(" ");
        String op = w[0];
        if (op.startsWith("in") || op.startsWith("out")) {
            long port = number(w, 1);
            String key = "port:" + hex(port);
            return new Need(key, PORT_NAMES.getOrDefault(port, "I/O port " + hex(port)));
        }
        if (op.startsWith("read") || op.startsWith("write")) {
            long addr = number(w, 1);
            return new Need("mem:" + hex(addr), "guest memory/MMIO at " + hex(addr));
        }
        if (op.equals("rdmsr") || op.equals("wrmsr")) {
            long msr = number(w, 1);
            return new Need("msr:" + hex(msr), "MSR " + hex(msr));
        }
        return new Need("qtest:" + op, "qtest command " + op);
    }

    private static long number(final String[] w, final int i) {
        if (w.length <= i) {
            return -1;
        }
        String s = w[i].toLowerCase(Locale.ROOT);
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hex(final long v) {
        return "0x" + Long.toHexString(v);
    }

    private static void add(final Map<String, Need> out, final String key, final String label) {
        out.putIfAbsent(key, new Need(key, label));
    }
}
