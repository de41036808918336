package org.runstate.machine.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A QemuOpts list ({@code QemuOptsList}): its name (used in "Duplicate ID" messages), the implied
 * name of a first value without {@code =}, whether repeated options merge into one set, and the
 * parameters it accepts (none listed: it accepts any, checked later by whoever uses them).
 *
 * @param name the list name
 * @param impliedKey the implied first key, or null
 * @param mergeLists whether all occurrences form one set of options without an id
 * @param params accepted parameters in QEMU's order; empty accepts any
 * @param help the help text of the parameters that have one
 */
public record OptsList(String name, String impliedKey, boolean mergeLists, Map<String, OptType> params,
        Map<String, String> help) {
    /** {@code -chardev}: chardev/char.c's qemu_chardev_opts. */
    public static final OptsList CHARDEV = of("chardev", "backend", false,
            "backend", "S", "path", "S", "host", "S", "port", "S", "fd", "S", "localaddr", "S", "localport", "S",
            "to", "N", "ipv4", "B", "ipv6", "B", "wait", "B", "server", "B", "delay", "B", "nodelay", "B",
            "reconnect", "N", "telnet", "B", "tn3270", "B", "tls-creds", "S", "tls-authz", "S", "websocket", "B",
            "width", "N", "height", "N", "cols", "N", "rows", "N", "mux", "B", "signal", "B", "name", "S",
            "debug", "N", "size", "Z", "chardev", "S", "append", "B", "logfile", "S", "logappend", "B",
            "mouse", "B", "clipboard", "B", "tight", "B", "abstract", "B");
    /** {@code -mon}. */
    public static final OptsList MON = of("mon", "chardev", false,
            "mode", "S", "chardev", "S", "pretty", "B");
    /** {@code -name}. */
    public static final OptsList NAME = of("name", "guest", true,
            "guest", "S:Sets the name of the guest.\nThis name will be displayed in the SDL window caption.\n"
                    + "The name will also be used for the VNC server",
            "process", "S:Sets the name of the QEMU process, as shown in top etc",
            "debug-threads", "B:When enabled, name the individual threads; defaults off.\nNOTE: The thread names are for "
                    + "debugging and not a\nstable API.");
    /** {@code -rtc}. */
    public static final OptsList RTC = of("rtc", null, true,
            "base", "S", "clock", "S", "driftfix", "S");
    /** {@code -msg}. */
    public static final OptsList MSG = of("msg", null, false,
            "timestamp", "B", "guest-name", "B:Prepends guest name for error messages but only if -name guest is set "
                    + "otherwise option is ignored\n");
    /** {@code -overcommit}. */
    public static final OptsList OVERCOMMIT = of("overcommit", null, false,
            "mem-lock", "B", "cpu-pm", "B");
    /** {@code -sandbox} (QEMU's seccomp options). */
    public static final OptsList SANDBOX = of("sandbox", "enable", true,
            "enable", "B", "obsolete", "S", "elevateprivileges", "S", "spawn", "S", "resourcecontrol", "S");
    /** {@code -action}. */
    public static final OptsList ACTION = of("action", null, true,
            "shutdown", "S", "reboot", "S", "panic", "S", "watchdog", "S");
    /** {@code -m}. */
    public static final OptsList MEMORY = of("memory", "size", true,
            "size", "Z", "slots", "N", "maxmem", "Z");
    /** {@code -accel}: accepts any; the accelerator's properties are checked later. */
    public static final OptsList ACCEL = new OptsList("accel", "accel", false, Map.of(), Map.of());
    /** {@code -device} in the key=value form: accepts any; the device checks its properties. */
    public static final OptsList DEVICE = new OptsList("device", "driver", false, Map.of(), Map.of());
    /** {@code -boot} (parsed with keyval into the machine's options, described by this list). */
    public static final OptsList BOOT = of("boot-opts", "order", true,
            "order", "S", "once", "S", "menu", "B", "splash", "S", "splash-time", "N", "reboot-timeout", "N",
            "strict", "B");
    /** {@code -smp} (parsed with keyval into the machine's options, described by this list). */
    public static final OptsList SMP = of("smp-opts", "cpus", true,
            "cpus", "N", "sockets", "N", "dies", "N", "clusters", "N", "cores", "N", "threads", "N",
            "maxcpus", "N");

    /**
     * Lists are the same list when their names are (QEMU compares the list pointers; names are
     * unique). Written out because the record's generated equals and hashCode bootstrap method
     * handles on first use, milliseconds of start-up for the option store's map.
     */
    @Override
    public boolean equals(final Object o) {
        return o instanceof OptsList l && l.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /**
     * Whether the list has no parameter descriptions and so accepts any.
     *
     * @return true for accept-any lists
     */
    public boolean acceptsAny() {
        return params.isEmpty();
    }

    /**
     * Builds a described list from pairs of name and type code: S string, B bool, N number,
     * Z size, optionally followed by {@code :help text}.
     */
    private static OptsList of(final String name, final String impliedKey, final boolean mergeLists,
            final String... namesAndTypes) {
        Map<String, OptType> types = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            String code = namesAndTypes[i + 1];
            types.put(namesAndTypes[i], switch (code.charAt(0)) {
                case 'B' -> OptType.BOOL;
                case 'N' -> OptType.NUMBER;
                case 'Z' -> OptType.SIZE;
                default -> OptType.STRING;
            });
            if (code.length() > 2) {
                help.put(namesAndTypes[i], code.substring(2));
            }
        }
        return new OptsList(name, impliedKey, mergeLists, Collections.unmodifiableMap(types),
                Collections.unmodifiableMap(help));
    }
}
