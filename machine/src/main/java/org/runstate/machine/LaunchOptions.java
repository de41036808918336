package org.runstate.machine;

import java.util.ArrayList;
import java.util.List;
import org.runstate.core.ActionCommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line, in QEMU 7.2's own syntax. Options are picocli setter methods, so they are seen
 * in command-line order: that is how {@code -action watchdog=pause -watchdog-action none} ends
 * with {@code none}, as in QEMU ("the last occurrence wins").
 */
@Command(name = "runstate-vm", mixinStandardHelpOptions = false, sortOptions = false,
        description = "A QEMU 7.2 run-state machine with a QMP endpoint.")
final class LaunchOptions {
    String machine = "pc";
    String accel = "tcg";
    int smp = 1;
    boolean startPaused;
    String incoming;
    String name;
    final ActionCommandLine actions = new ActionCommandLine();
    final List<String> qmp = new ArrayList<>();
    final List<String> qtest = new ArrayList<>();
    final List<String> devices = new ArrayList<>();
    String cpu;
    long ramBytes = org.runstate.core.pc.PcPlatform.DEFAULT_RAM;
    int qmpMaxClients = org.runstate.qmp.QmpServerOptions.defaults().maxClients();
    boolean help;

    @Option(names = {"-machine", "-M"}, paramLabel = "TYPE[,prop=value]", description = "machine type: pc (default), none or s390-ccw-virtio")
    void machine(final String value) {
        machine = value.split(",")[0].replaceFirst("^type=", "");
    }

    @Option(names = "-accel", paramLabel = "ACCEL", description = "qtest (virtual time moves only by qtest), tcg or kvm")
    void accel(final String value) {
        accel = value.split(",")[0];
    }

    @Option(names = "-smp", paramLabel = "N", description = "number of vCPUs")
    void smp(final String value) {
        String n = value.split(",")[0].replaceFirst("^cpus=", "");
        try {
            smp = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new LaunchException("-smp " + value + ": Parameter 'cpus' expects a number");
        }
        if (smp < 1) {
            throw new LaunchException("-smp " + value + ": Invalid CPU topology");
        }
    }

    @Option(names = "-S", description = "do not start the VM (prelaunch until cont)")
    void startPaused(final boolean value) {
        startPaused = value;
    }

    @Option(names = "-incoming", paramLabel = "URI", description = "wait for an incoming migration (only 'defer' is useful here)")
    void incoming(final String value) {
        incoming = value;
    }

    @Option(names = "-no-shutdown", description = "same as -action shutdown=pause")
    void noShutdown(final boolean value) {
        actions.noShutdown();
    }

    @Option(names = "-no-reboot", description = "same as -action reboot=shutdown")
    void noReboot(final boolean value) {
        actions.noReboot();
    }

    @Option(names = "-action", paramLabel = "KEY=VALUE[,...]", description = "reboot=, shutdown=, panic=, watchdog=")
    void action(final String value) {
        try {
            actions.action(value);
        } catch (IllegalArgumentException e) {
            throw new LaunchException("-action " + value + ": " + e.getMessage());
        }
    }

    @Option(names = "-watchdog-action", paramLabel = "ACTION", description = "same as -action watchdog=ACTION")
    void watchdogAction(final String value) {
        actions.watchdogAction(value);
    }

    @Option(names = "-qmp", paramLabel = "unix:PATH|tcp:HOST:PORT[,server=on][,wait=off]", description = "a QMP socket (repeatable)")
    void qmp(final String value) {
        qmp.add(value);
    }

    @Option(names = "--qmp-max-clients", paramLabel = "N",
            description = "runstate only (QEMU serves one client per socket): the most QMP clients served at once"
                    + " on the QMP sockets together (default 64); further connections are closed at once and logged")
    void qmpMaxClients(final String value) {
        try {
            qmpMaxClients = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            qmpMaxClients = 0;
        }
        if (qmpMaxClients < 1) {
            throw new LaunchException("--qmp-max-clients " + value + ": expects a positive number");
        }
    }

    @Option(names = "-qtest", paramLabel = "unix:PATH|tcp:HOST:PORT,server=on,wait=off", description = "a qtest socket")
    void qtest(final String value) {
        qtest.add(value);
    }

    @Option(names = "-device", paramLabel = "NAME[,props]", description = "add a device")
    void device(final String value) {
        devices.add(value);
    }

    @Option(names = "-cpu", paramLabel = "MODEL[,hv-crash]", description = "CPU model")
    void cpu(final String value) {
        cpu = value;
    }

    /**
     * Whether {@code -cpu MODEL,hv-crash[=on]} asked for the Hyper-V crash MSRs.
     *
     * @return true with hv-crash
     */
    boolean hvCrash() {
        if (cpu == null) {
            return false;
        }
        for (String f : cpu.split(",")) {
            if (f.equals("hv-crash") || f.equals("hv-crash=on") || f.equals("+hv-crash")) {
                return true;
            }
        }
        return false;
    }

    @Option(names = "-name", paramLabel = "NAME", description = "the VM's name")
    void name(final String value) {
        name = value;
    }

    @Option(names = "-m", paramLabel = "SIZE[M|G]", description = "guest RAM size (default 128M; MiB without a suffix)")
    void memory(final String value) {
        String v = value.split(",")[0].replaceFirst("^size=", "").trim();
        long unit = 1L << 20;
        char last = v.isEmpty() ? ' ' : Character.toUpperCase(v.charAt(v.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G' || last == 'T') {
            unit = switch (last) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                default -> 1L << 40;
            };
            v = v.substring(0, v.length() - 1);
        }
        try {
            ramBytes = Long.parseLong(v) * unit;
        } catch (NumberFormatException e) {
            throw new LaunchException("-m " + value + ": Parameter 'size' expects a non-negative number below 2^64");
        }
    }

    @Option(names = "-display", paramLabel = "TYPE", description = "accepted ('none')")
    void display(final String value) {
        // there is no display
    }

    @Option(names = "-nodefaults", description = "accepted: there are no default devices")
    void nodefaults(final boolean value) {
        // nothing to disable
    }

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "print this help")
    void help(final boolean value) {
        help = value;
    }
}
