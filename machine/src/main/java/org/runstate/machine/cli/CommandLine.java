package org.runstate.machine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.runstate.qmp.json.JsonMessage;
import org.runstate.qmp.json.JsonStreamer;

/**
 * QEMU 7.2's option loop (softmmu/vl.c {@code qemu_init}): a first pass rejects unknown options
 * and missing arguments before anything else, a second pass parses each option as QEMU does
 * (QemuOpts, keyval or JSON) into a {@link LaunchConfig}. Errors carry the option as location.
 * Requests for help end the loop with {@link Exit} carrying what to print.
 */
public final class CommandLine {
    /** runstate's own option (not QEMU's): the most QMP clients at once over all sockets. */
    public static final String QMP_MAX_CLIENTS = "--qmp-max-clients";

    /** The options runstate-vm acts on or accepts; QEMU's others are refused as for another target. */
    private static final Set<String> SUPPORTED = Set.of("h", "help", "version", "machine", "M", "accel", "enable-kvm",
            "cpu", "smp", "m", "S", "incoming", "no-shutdown", "no-reboot", "action", "watchdog-action", "chardev",
            "mon", "qmp", "qmp-pretty", "monitor", "qtest", "qtest-log", "pidfile", "daemonize", "device", "object",
            "name", "uuid", "msg", "rtc", "boot", "overcommit", "sandbox", "audiodev", "audio", "nographic",
            "display", "vga", "nodefaults", "no-user-config", "serial", "parallel", "no-acpi", "no-fd-bootchk");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The loop ends the process early: help or version text, exit status 0. */
    public static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param stdout what to print on standard output
         */
        public Exit(final String stdout) {
            super(stdout, null, false, false);
        }

        /**
         * What to print on standard output.
         *
         * @return the text
         */
        public String stdout() {
            return getMessage();
        }
    }

    /** What the help options print, supplied by the launcher (machines, devices, CPUs, usage). */
    public interface HelpTexts {
        /** @return {@code -h} */
        String usage();

        /** @return {@code -version} */
        String version();

        /**
         * {@code -machine help} or {@code -machine TYPE,help}.
         *
         * @param type the machine type given, or null
         * @return the text
         */
        String machines(String type);
    }

    private final HelpTexts help;
    private final Consumer<String> warnings;
    private int monitorIndex;

    /**
     * @param help the help texts
     * @param warnings receives each warning, already prefixed with its location
     */
    public CommandLine(final HelpTexts help, final Consumer<String> warnings) {
        this.help = help;
        this.warnings = warnings;
    }

    /**
     * Runs both passes.
     *
     * @param args the arguments after the program name
     * @param defaultMaxClients the default of {@value #QMP_MAX_CLIENTS}
     * @return the configuration
     * @throws CliError QEMU's message with its location
     * @throws Exit for help and version
     */
    public LaunchConfig parse(final String[] args, final int defaultMaxClients) {
        firstPass(args);
        String[] location = new String[1];
        OptsParser opts = new OptsParser(w -> warnings.accept(location[0] + ": warning: " + w));
        LaunchConfig c = new LaunchConfig(opts, defaultMaxClients);
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.equals(QMP_MAX_CLIENTS)) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                c.qmpMaxClients = maxClients(v);
                i += 2;
                continue;
            }
            if (!arg.startsWith("-")) {
                throw new CliError(arg, "runstate-vm has no block devices: disk image arguments are not supported",
                        null);
            }
            OptionTable.Option o = OptionTable.lookup(arg);
            String optarg = o.hasArg() ? args[i + 1] : null;
            location[0] = o.hasArg() ? arg + " " + optarg : arg;
            i += o.hasArg() ? 2 : 1;
            if (!o.forThisTarget() || !SUPPORTED.contains(o.name())) {
                throw new CliError(location[0], "Option not supported for this target", null);
            }
            try {
                option(c, o.name(), optarg, location[0]);
            } catch (CliError e) {
                throw e.at(location[0]);
            } catch (OptsParser.HelpRequested h) {
                throw new Exit(h.text());
            }
        }
        return c;
    }

    /** vl.c's first loop: every option must exist and have its argument before any is used. */
    private static void firstPass(final String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(QMP_MAX_CLIENTS)) {
                if (i + 1 >= args.length) {
                    throw new CliError(args[i], "requires an argument", null);
                }
                i++;
            } else if (args[i].startsWith("-")) {
                OptionTable.Option o = OptionTable.lookup(args[i]);
                if (o.hasArg()) {
                    if (i + 1 >= args.length) {
                        throw new CliError(args[i], "requires an argument", null);
                    }
                    i++;
                }
            }
        }
    }

    private void option(final LaunchConfig c, final String name, final String arg, final String where) {
        OptsParser opts = c.opts;
        switch (name) {
            case "h", "help" -> throw new Exit(help.usage());
            case "version" -> throw new Exit(help.version());
            case "machine", "M" -> {
                if (Keyval.parseInto(c.machine, arg, "type")) {
                    throw new Exit(help.machines(c.machine.get("type")));
                }
            }
            case "accel" -> {
                Opts a = opts.parse(OptsList.ACCEL, arg, true, where);
                String accel = a.get("accel");
                if (accel == null || accel.equals("help") || accel.equals("?")) {
                    throw new Exit("Accelerators supported in QEMU binary:\ntcg\n");
                }
            }
            case "enable-kvm" -> c.machine.put("accel", "kvm");
            case "cpu" -> c.cpu = arg;
            case "smp" -> keyvalProperty(c.smp, OptsList.SMP, arg);
            case "boot" -> keyvalProperty(c.boot, OptsList.BOOT, arg);
            case "m" -> opts.parse(OptsList.MEMORY, arg, true, where);
            case "S" -> c.autostart = false;
            case "incoming" -> c.incoming = arg;
            case "no-shutdown" -> c.actions.noShutdown();
            case "no-reboot" -> c.actions.noReboot();
            case "action" -> {
                opts.parse(OptsList.ACTION, arg, false, where);
                try {
                    c.actions.action(arg);
                } catch (IllegalArgumentException e) {
                    throw new CliError(e.getMessage());
                }
            }
            case "watchdog-action" -> c.actions.watchdogAction(arg);
            case "chardev" -> opts.parse(OptsList.CHARDEV, arg, true, where);
            case "mon" -> opts.parse(OptsList.MON, arg, true, where);
            case "qmp" -> monitor(c, arg, "control", false, where);
            case "qmp-pretty" -> monitor(c, arg, "control", true, where);
            case "monitor" -> {
                if (!arg.startsWith("none")) {
                    monitor(c, arg, "readline", false, where);
                }
            }
            case "qtest" -> c.qtestChardev = arg;
            case "qtest-log" -> c.qtestLog = arg;
            case "pidfile" -> c.pidfile = arg;
            case "daemonize" -> c.daemonize = true;
            case "device" -> c.devices.add(arg.startsWith("{") ? new LaunchConfig.ObjectOption(json(arg), true, where)
                    : new LaunchConfig.ObjectOption(properties(opts.parse(OptsList.DEVICE, arg, true, where)), false,
                            where));
            case "object" -> c.objects.add(object(arg, where));
            case "name" -> opts.parse(OptsList.NAME, arg, true, where);
            case "uuid" -> {
                if (!UUID.matcher(arg).matches()) {
                    throw new CliError("failed to parse UUID string: wrong format");
                }
                c.uuid = arg;
            }
            case "msg" -> c.msgTimestamp = opts.parse(OptsList.MSG, arg, false, where).bool("timestamp", false);
            case "rtc" -> opts.parse(OptsList.RTC, arg, false, where);
            case "overcommit" -> opts.parse(OptsList.OVERCOMMIT, arg, false, where);
            case "sandbox" -> opts.parse(OptsList.SANDBOX, arg, true, where);
            case "audiodev" -> c.audiodevs.add(audiodev(arg));
            case "audio" -> audio(arg);
            case "nographic" -> {
                c.machine.put("graphics", "off");
                c.noGraphic = true;
            }
            case "display" -> display(arg);
            case "vga", "serial", "parallel" -> {
                if (!arg.equals("none")) {
                    throw new CliError("runstate-vm has no " + (name.equals("vga") ? "display adapters"
                            : name + " ports") + ": only '-" + name + " none' is supported");
                }
            }
            case "no-acpi" -> c.machine.put("acpi", "off"); // QEMU 7.2's vl.c; libvirt passes it without <acpi/>
            case "nodefaults" -> c.noDefaults = true;
            case "no-fd-bootchk" -> c.noFdBootchk = true;
            case "no-user-config" -> {
                // there is no user configuration file to skip
            }
            default -> throw new CliError("Option not supported for this target");
        }
    }

    /** {@code machine_parse_property_opt}: keyval into the machine's {@code -smp}/{@code -boot} dictionary. */
    private static void keyvalProperty(final Map<String, String> into, final OptsList list, final String arg) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (Keyval.parseInto(parsed, arg, list.impliedKey())) {
            throw new Exit(OptsParser.help(list, false));
        }
        into.putAll(parsed);
    }

    /** {@code monitor_parse}: a legacy chardev spec or {@code chardev:ID}, plus a mon set. */
    private void monitor(final LaunchConfig c, final String arg, final String mode, final boolean pretty,
            final String where) {
        String label;
        if (arg.startsWith("chardev:")) {
            label = arg.substring("chardev:".length());
        } else {
            label = "compat_monitor" + monitorIndex;
            try {
                CompatChardev.parse(c.opts, label, arg, where);
            } catch (CliError e) {
                throw new CliError(where, e.getMessage() + "\n" + "parse error: " + arg, null);
            }
        }
        Opts mon = c.opts.create(OptsList.MON, label, where);
        mon.set("mode", mode);
        mon.set("chardev", label);
        if (mode.equals("control")) {
            mon.set("pretty", pretty ? "on" : "off");
        }
        monitorIndex++;
    }

    private static int maxClients(final String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new CliError(QMP_MAX_CLIENTS + " " + value, "expects a positive number", null);
        }
        return n;
    }

    /** {@code object_option_parse}: JSON, or keyval with the implied key {@code qom-type}. */
    private static LaunchConfig.ObjectOption object(final String arg, final String where) {
        if (arg.startsWith("{")) {
            return new LaunchConfig.ObjectOption(json(arg), true, where);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        if (Keyval.parseInto(kv, arg, "qom-type")) {
            throw new CliError("Help is not available for objects in runstate-vm; see its README");
        }
        return new LaunchConfig.ObjectOption(new LinkedHashMap<>(kv), false, where);
    }

    /** {@code -audiodev}: only the {@code none} driver (runstate-vm has no sound output). */
    private static String audiodev(final String arg) {
        Map<String, Object> props = arg.startsWith("{") ? json(arg) : new LinkedHashMap<>(kvDriver(arg));
        Object driver = props.get("driver");
        if (driver == null) {
            throw new CliError("Parameter 'driver' is missing");
        }
        if (!"none".equals(driver)) {
            throw new CliError("Parameter 'driver' does not accept value '" + driver + "'");
        }
        Object id = props.get("id");
        if (id == null) {
            throw new CliError("Parameter 'id' is missing");
        }
        return String.valueOf(id);
    }

    private static Map<String, String> kvDriver(final String arg) {
        Map<String, String> kv = new LinkedHashMap<>();
        Keyval.parseInto(kv, arg, "driver");
        return kv;
    }

    /** {@code -audio}: QEMU 7.2 requires a sound card model, and runstate-vm has none. */
    private static void audio(final String arg) {
        Map<String, String> kv = kvDriver(arg);
        String model = kv.get("model");
        if (model == null) {
            throw new CliError("Parameter 'model' is missing");
        }
        throw new CliError("Unknown sound card name `" + model + "'");
    }

    /** {@code parse_display}: only {@code none} exists here. */
    private static void display(final String arg) {
        String type = arg.split(",", 2)[0];
        if (!type.equals("none")) {
            throw new CliError("Display '" + type + "' is not available.");
        }
    }

    private static Map<String, Object> properties(final Opts o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.id() != null) {
            m.put("id", o.id());
        }
        for (String n : o.names()) {
            m.put(n, o.get(n));
        }
        return m;
    }

    /** {@code qobject_from_json}, with QEMU's JSON syntax and messages; the value must be an object. */
    static Map<String, Object> json(final String text) {
        List<JsonMessage> messages = new ArrayList<>();
        JsonStreamer streamer = new JsonStreamer(messages::add);
        // the newline ends a trailing token, as QEMU's json_message_parser_flush does
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        streamer.feed(bytes, 0, bytes.length);
        if (messages.isEmpty()) {
            throw new CliError("JSON parse error, premature EOI");
        }
        if (messages.get(0).isError()) {
            throw new CliError(messages.get(0).error());
        }
        if (messages.size() > 1) { // QEMU checks this before the second value's own error
            throw new CliError("Expecting at most one JSON value");
        }
        JsonNode v = messages.get(0).value();
        if (!(v instanceof ObjectNode obj)) {
            throw new CliError("Invalid parameter type, expected: object");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            m.put(e.getKey(), n.isTextual() ? n.asText() : n);
        }
        return m;
    }
}
