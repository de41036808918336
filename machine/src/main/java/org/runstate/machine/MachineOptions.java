package org.runstate.machine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.runstate.pc.RtcConfig;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.Opts;
import org.runstate.machine.cli.OptsList;
import org.runstate.machine.cli.QemuValues;
import org.runstate.qmp.GHashTableOrder;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * The machine's options after the option loop ({@code qemu_apply_machine_options}): vCPU count,
 * RAM, the {@code -machine} properties runstate-vm accepts, and the firmware options ({@code -rtc},
 * {@code -boot}). QEMU reports these without a location, as here.
 */
final class MachineOptions {
    /**
     * {@code -machine} properties accepted besides {@code type} and {@code accel}: ones that
     * change nothing for a machine without USB, guest core dumps or graphics, and
     * {@code memory-backend}, which names the RAM object.
     */
    private static final Set<String> ACCEPTED = Set.of("usb", "dump-guest-core", "graphics", "memory-backend",
            "mem-merge", "vmport", "hpet", "acpi", "suppress-vmdesc");
    private static final Set<String> BOOLEAN = Set.of("usb", "dump-guest-core", "graphics", "mem-merge", "hpet",
            "suppress-vmdesc");

    /** {@code BootConfiguration}'s members, in schema order. */
    private static final List<String> BOOT_MEMBERS = List.of("order", "once", "menu", "splash", "splash-time",
            "reboot-timeout", "strict");
    private static final String DATETIME_FORMATS = "valid formats: '2006-06-17T16:01:21' or '2006-06-17'\n";

    private MachineOptions() {
    }

    /**
     * {@code configure_rtc}: {@code -rtc}, checked as QEMU checks it, before the machine options.
     *
     * @param c the configuration
     * @return the RTC configuration
     */
    static RtcConfig rtc(final LaunchConfig c) {
        return rtc(c.opts.find(OptsList.RTC, null));
    }

    /**
     * The {@code boot} machine property ({@code machine_set_boot}) and {@code -no-fd-bootchk}, with
     * the RTC: the firmware options.
     *
     * @param c the configuration
     * @param rtc from {@link #rtc(LaunchConfig)}
     * @return the options
     */
    static FirmwareOptions firmware(final LaunchConfig c, final RtcConfig rtc) {
        Map<String, String> boot = c.boot;
        for (String key : BOOT_MEMBERS) {
            String v = boot.get(key);
            if (v == null) {
                continue;
            }
            switch (key) {
                case "menu", "strict" -> QemuValues.bool("boot." + key, v);
                case "splash-time", "reboot-timeout" -> bootInteger(key, v);
                default -> { }
            }
        }
        for (String key : boot.keySet()) {
            if (!BOOT_MEMBERS.contains(key)) {
                throw new CliError("Parameter 'boot." + key + "' is unexpected");
            }
        }
        validateBootDevices(boot.get("order"));
        validateBootDevices(boot.get("once"));
        if (boot.containsKey("reboot-timeout")) {
            long t = bootInteger("reboot-timeout", boot.get("reboot-timeout"));
            if (t < -1 || t > 0xffff) { // fw_cfg_reboot
                throw new CliError("reboot timeout is invalid,it should be a value between -1 and 65535");
            }
        }
        String hpet = c.machine.get("hpet");
        return new FirmwareOptions(rtc, boot.get("order"), boot.get("once"), !c.noFdBootchk,
                hpet == null || QemuValues.bool("hpet", hpet));
    }

    /** {@code configure_rtc}: base first, then clock, then driftfix, each fatal at once. */
    private static RtcConfig rtc(final Opts o) {
        RtcConfig.Base base = RtcConfig.Base.UTC;
        long datetime = 0;
        String v = o == null ? null : o.get("base");
        if (v != null) {
            if (v.equals("utc")) {
                base = RtcConfig.Base.UTC;
            } else if (v.equals("localtime")) {
                base = RtcConfig.Base.LOCALTIME;
            } else {
                base = RtcConfig.Base.DATETIME;
                datetime = rtcDatetime(v);
            }
        }
        RtcConfig.ClockType clock = RtcConfig.ClockType.HOST;
        v = o == null ? null : o.get("clock");
        if (v != null) {
            clock = switch (v) {
                case "host" -> RtcConfig.ClockType.HOST;
                case "rt" -> RtcConfig.ClockType.RT;
                case "vm" -> RtcConfig.ClockType.VM;
                default -> throw new CliError("invalid option value '" + v + "'");
            };
        }
        RtcConfig.LostTickPolicy policy = RtcConfig.LostTickPolicy.DISCARD;
        v = o == null ? null : o.get("driftfix");
        if (v != null) {
            policy = switch (v) {
                case "slew" -> RtcConfig.LostTickPolicy.SLEW;
                case "none" -> RtcConfig.LostTickPolicy.DISCARD;
                default -> throw new CliError("invalid option value '" + v + "'");
            };
        }
        return new RtcConfig(base, datetime, clock, policy);
    }

    /**
     * {@code configure_rtc_base_datetime}: {@code sscanf} with {@code "%d-%d-%dT%d:%d:%d"}, else
     * {@code "%d-%d-%d"} at midnight (so a date with a partial time is that date at midnight, and
     * anything after a match is ignored); the one date {@code mktimegm} turns into -1 is refused too.
     */
    private static long rtcDatetime(final String text) {
        long[] f = new long[6];
        int n = scanDatetime(text, f);
        if (n < 3) {
            throw new CliError(null, "invalid datetime format", DATETIME_FORMATS);
        }
        if (n < 6) {
            f[3] = 0;
            f[4] = 0;
            f[5] = 0;
        }
        long t = RtcConfig.mktimegm((int) f[0], (int) f[1], (int) f[2], (int) f[3], (int) f[4], (int) f[5]);
        if (t == -1) {
            throw new CliError(null, "invalid datetime format", DATETIME_FORMATS);
        }
        return t;
    }

    /** How many of {@code %d-%d-%dT%d:%d:%d} match, as {@code sscanf} counts them. */
    private static int scanDatetime(final String s, final long[] into) {
        String separators = "--T::";
        int pos = 0;
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                if (pos >= s.length() || s.charAt(pos) != separators.charAt(i - 1)) {
                    return i;
                }
                pos++;
            }
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            int start = pos;
            if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits) {
                return i;
            }
            try {
                into[i] = Long.parseLong(s.substring(start, pos));
            } catch (NumberFormatException e) {
                into[i] = s.charAt(start) == '-' ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            }
        }
        return 6;
    }

    /** The keyval visitor's integer: {@code Parameter 'boot.X' expects integer}. */
    private static long bootInteger(final String key, final String value) {
        try {
            return Long.decode(value.trim().startsWith("+") ? value.trim().substring(1) : value.trim());
        } catch (NumberFormatException e) {
            throw new CliError("Parameter 'boot." + key + "' expects integer");
        }
    }

    /** {@code validate_bootdevices}. */
    private static void validateBootDevices(final String devices) {
        if (devices == null) {
            return;
        }
        int seen = 0;
        for (char d : devices.toCharArray()) {
            if (d < 'a' || d > 'p') {
                throw new CliError("Invalid boot device '" + d + "'");
            }
            if ((seen & 1 << d - 'a') != 0) {
                throw new CliError("Boot device '" + d + "' was given twice");
            }
            seen |= 1 << d - 'a';
        }
    }

    /**
     * The {@code -machine} properties accepted besides {@code type} and {@code accel}.
     *
     * @return the names
     */
    static Set<String> acceptedProperties() {
        return ACCEPTED;
    }

    /**
     * {@code smp_parse}: the vCPU count from {@code -smp}.
     *
     * @param c the configuration
     * @param board the machine type
     * @return the count
     */
    static int cpus(final LaunchConfig c, final Board board, final java.util.function.Consumer<String> warn) {
        Map<String, String> smp = c.smp;
        List<String> members = List.of("cpus", "sockets", "dies", "clusters", "cores", "threads", "maxcpus");
        if (!members.containsAll(smp.keySet())) {
            // QEMU's visitor of SMPConfiguration names the left-over key its GLib hash table yields first
            com.fasterxml.jackson.databind.node.ObjectNode dict = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode();
            smp.forEach(dict::put);
            List<String> present = members.stream().filter(smp::containsKey).toList();
            String first = GHashTableOrder.firstLeftOver(QmpJsonWriter.qdictKeyOrder(dict), present).orElseThrow();
            throw new CliError("Parameter 'smp." + first + "' is unexpected");
        }
        long cpus = number(smp, "cpus");
        long sockets = number(smp, "sockets");
        long dies = number(smp, "dies");
        long clusters = number(smp, "clusters");
        long cores = number(smp, "cores");
        long threads = number(smp, "threads");
        long maxcpus = number(smp, "maxcpus");
        if (smp.values().stream().anyMatch(v -> v.equals("0"))) {
            warn.accept("warning: Deprecated CPU topology (considered invalid): CPU topology parameters must be "
                    + "greater than zero");
        }
        if (!board.diesSupported() && dies > 1) {
            throw new CliError("dies not supported by this machine's CPU topology");
        }
        if (clusters > 1) {
            throw new CliError("clusters not supported by this machine's CPU topology");
        }
        dies = Math.max(dies, 1);
        clusters = Math.max(clusters, 1);
        // machine_parse_smp_config, preferring cores over sockets as every 7.2 machine type here does
        if (cpus == 0 && maxcpus == 0) {
            sockets = Math.max(sockets, 1);
            cores = Math.max(cores, 1);
            threads = Math.max(threads, 1);
        } else {
            maxcpus = maxcpus > 0 ? maxcpus : cpus;
            if (cores == 0) {
                sockets = Math.max(sockets, 1);
                threads = Math.max(threads, 1);
                cores = maxcpus / (sockets * dies * clusters * threads);
            } else if (sockets == 0) {
                threads = Math.max(threads, 1);
                sockets = maxcpus / (dies * clusters * cores * threads);
            }
            if (threads == 0) {
                threads = maxcpus / (sockets * dies * clusters * cores);
            }
        }
        long product = sockets * dies * clusters * cores * threads;
        maxcpus = maxcpus > 0 ? maxcpus : product;
        cpus = cpus > 0 ? cpus : maxcpus;
        String hierarchy = "sockets (" + sockets + ")" + (board.diesSupported() ? " * dies (" + dies + ")" : "")
                + " * cores (" + cores + ") * threads (" + threads + ")";
        if (product != maxcpus) {
            throw new CliError("Invalid CPU topology: product of the hierarchy must match maxcpus: " + hierarchy
                    + " != maxcpus (" + maxcpus + ")");
        }
        if (maxcpus < cpus) {
            throw new CliError("Invalid CPU topology: maxcpus must be equal to or greater than smp: " + hierarchy
                    + " == maxcpus (" + maxcpus + ") < smp_cpus (" + cpus + ")");
        }
        if (maxcpus > board.maxCpus()) {
            throw new CliError("Invalid SMP CPUs " + (int) maxcpus + ". The max CPUs supported by machine '"
                    + board.name() + "' is " + board.maxCpus());
        }
        if (maxcpus != cpus) {
            throw new CliError("runstate-vm has no CPU hotplug: maxcpus must equal the number of CPUs");
        }
        return (int) cpus;
    }

    /**
     * Guest RAM: {@code -m}, or the {@code memory-backend} object's size, or the board's default.
     *
     * @param c the configuration
     * @param board the machine type
     * @param objects the {@code -object}s
     * @return bytes
     */
    static long ramBytes(final LaunchConfig c, final Board board, final UserObjects objects) {
        Opts m = c.opts.find(OptsList.MEMORY, null);
        Long size = null;
        if (m != null && m.has("size")) {
            String v = m.get("size");
            size = QemuValues.sizeMiB(v);
            if (size == null) {
                throw new CliError(m.location(), "Parameter 'size' expects a non-negative number below 2^64", null);
            }
            if (size == 0) {
                size = board.defaultRamBytes();
            }
        }
        if (m != null && (m.has("slots") || m.has("maxmem"))) {
            throw new CliError("runstate-vm has no memory hotplug: 'slots' and 'maxmem' are not supported");
        }
        String backend = c.machine.get("memory-backend");
        if (backend != null) {
            Long backendSize = objects.memoryBackendSize(backend);
            if (backendSize == null) {
                throw new CliError("Memory backend '" + backend + "' not found");
            }
            if (size != null && !size.equals(backendSize)) {
                throw new CliError("Machine memory size does not match the size of the memory backend");
            }
            return backendSize;
        }
        return size != null ? size : board.defaultRamBytes();
    }

    /**
     * Checks the {@code -machine} properties other than {@code type} and {@code accel}.
     *
     * @param c the configuration
     * @param board the machine type
     */
    static void checkMachineProperties(final LaunchConfig c, final Board board) {
        for (Map.Entry<String, String> e : c.machine.entrySet()) {
            String key = e.getKey();
            if (key.equals("type") || key.equals("accel")) {
                continue;
            }
            if (!ACCEPTED.contains(key)) {
                throw new CliError("Property '" + board.name() + "-machine." + key + "' not found");
            }
            if (BOOLEAN.contains(key)) {
                QemuValues.bool(key, e.getValue());
            }
        }
    }

    private static long number(final Map<String, String> smp, final String key) {
        String v = smp.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return QemuValues.number("smp." + key, v);
        } catch (CliError e) {
            throw new CliError("Parameter 'smp." + key + "' expects integer");
        }
    }
}
