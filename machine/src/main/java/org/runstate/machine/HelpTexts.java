package org.runstate.machine;

import org.runstate.machine.cli.CommandLine;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.OptsParser;
import org.runstate.qmp.QmpServerOptions;
import org.runstate.qmp.QmpVersion;

/** What runstate-vm prints for {@code -h}, {@code -version} and the {@code help} options. */
final class HelpTexts implements CommandLine.HelpTexts {
    /** The one instance. */
    static final HelpTexts INSTANCE = new HelpTexts();

    private HelpTexts() {
    }

    @Override
    public String version() {
        QmpVersion v = QmpServerOptions.defaults().version();
        return "QEMU emulator version " + v.major() + "." + v.minor() + "." + v.micro() + " ("
                + QmpServerOptions.PACKAGE + ")\n"
                + "runstate-vm models QEMU 7.2's run state in Java; it is not a build of QEMU\n";
    }

    @Override
    public String usage() {
        return version() + "usage: " + RunstateVm.programName() + " [options]\n\n"
                + "Options (QEMU's syntax; see the README for what each does here):\n"
                + "-machine [type=]name[,prop=value...]  pc-i440fx-7.2 (alias pc), none, s390-ccw-virtio-7.2\n"
                + "-accel tcg|qtest, -cpu model[,feature...], -smp N[,...], -m SIZE\n"
                + "-S, -incoming URI, -no-shutdown, -no-reboot, -action KEY=VALUE, -watchdog-action ACTION\n"
                + "-chardev socket|null,id=ID,..., -mon chardev=ID,mode=control[,pretty=on], -qmp SPEC, -qmp-pretty SPEC\n"
                + "-qtest SPEC, -qtest-log FILE, -pidfile FILE, -daemonize\n"
                + "-device DRIVER[,prop=value...] or JSON, -object TYPE,id=ID,... or JSON\n"
                + "accepted without effect: -name, -uuid, -msg, -rtc, -boot, -overcommit, -sandbox, -audiodev none,\n"
                + "  -nographic, -display none, -vga none, -serial none, -parallel none, -nodefaults, -no-user-config,\n"
                + "  -no-acpi (as -machine acpi=off)\n"
                + CommandLine.QMP_MAX_CLIENTS + " N  runstate only: the most QMP clients at once (default 64)\n";
    }

    @Override
    public String machines(final String type) {
        if (type != null && !type.equals("help") && !type.equals("?")) {
            for (Board b : Boards.all()) {
                if (b.name().equals(type) || type.equals(b.alias())) {
                    return b.name() + "-machine options:\n"
                            + "  memory-backend=<link<memory-backend>> - Set RAM backendValid value is ID of "
                            + "hostmem based backend\n";
                }
            }
        }
        return Boards.machinesHelp();
    }

    /**
     * {@code qemu_process_help_options}: {@code -cpu help}, {@code -device help} and
     * {@code -device DRIVER,help}, handled after the option loop.
     *
     * @param c the configuration
     * @throws CommandLine.Exit with the text to print
     */
    static void exitForHelpOptions(final LaunchConfig c) {
        if (c.cpu != null && (c.cpu.equals("help") || c.cpu.equals("?"))) {
            Board board = c.machine.containsKey("type") ? Boards.find(c.machine.get("type")) : Boards.defaultBoard();
            throw new CommandLine.Exit(Boards.cpusHelp(board));
        }
        for (LaunchConfig.ObjectOption d : c.devices) {
            if (d.json()) {
                continue;
            }
            Object driver = d.properties().get("driver");
            if ("help".equals(driver) || "?".equals(driver)) {
                throw new CommandLine.Exit(Boards.devicesHelp());
            }
            if (d.properties().containsKey("help") || d.properties().containsKey("?")
                    || OptsParser.hasHelpOption(d.location().substring(d.location().indexOf(' ') + 1))) {
                String help = Boards.deviceHelp(String.valueOf(driver));
                if (help == null) {
                    throw new org.runstate.machine.cli.CliError(d.location(), "Device '" + driver + "' not found", null);
                }
                throw new CommandLine.Exit(help);
            }
        }
    }
}
