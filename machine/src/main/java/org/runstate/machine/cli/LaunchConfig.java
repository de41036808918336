package org.runstate.machine.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runstate.core.ActionCommandLine;

/**
 * What the command line asked for, after QEMU's option loop and before anything is created:
 * the machine's keyval dictionary, the QemuOpts sets (chardevs, monitors, ...), devices and
 * objects in order, and the process options. {@link CommandLine} fills it.
 */
public final class LaunchConfig {
    /** {@code -machine}, {@code -M} and their sugar ({@code -nographic}, {@code -enable-kvm}). */
    public final Map<String, String> machine = new LinkedHashMap<>();
    /** {@code -smp}. */
    public final Map<String, String> smp = new LinkedHashMap<>();
    /** {@code -boot}. */
    public final Map<String, String> boot = new LinkedHashMap<>();
    /** {@code -device} arguments: JSON objects or QemuOpts, each with its location. */
    public final List<ObjectOption> devices = new ArrayList<>();
    /** {@code -object} arguments. */
    public final List<ObjectOption> objects = new ArrayList<>();
    /** {@code -audiodev} ids. */
    public final List<String> audiodevs = new ArrayList<>();
    /** The run-state actions, merged as QEMU merges them. */
    public final ActionCommandLine actions = new ActionCommandLine();
    /** Every QemuOpts set parsed (chardev, mon, name, accel, memory, ...). */
    public final OptsParser opts;
    /** {@code -cpu}. */
    public String cpu;
    /** {@code -qtest} chardev spec. */
    public String qtestChardev;
    /** {@code -qtest-log} file ({@code none}: no log). */
    public String qtestLog;
    /** {@code -pidfile}. */
    public String pidfile;
    /** {@code -daemonize}. */
    public boolean daemonize;
    /** {@code -S} not given. */
    public boolean autostart = true;
    /** {@code -incoming}. */
    public String incoming;
    /** {@code -nodefaults}. */
    public boolean noDefaults;
    /** {@code -no-fd-bootchk}: the BIOS boots from a floppy without checking its signature. */
    public boolean noFdBootchk;
    /** {@code -nographic}. */
    public boolean noGraphic;
    /** {@code -msg timestamp=on}. */
    public boolean msgTimestamp;
    /** {@code -uuid}. */
    public String uuid;
    /** runstate's {@code --qmp-max-clients}. */
    public int qmpMaxClients;

    LaunchConfig(final OptsParser opts, final int qmpMaxClients) {
        this.opts = opts;
        this.qmpMaxClients = qmpMaxClients;
    }

    /**
     * A {@code -device} or {@code -object} argument.
     *
     * @param properties the properties in order; JSON values keep their type, QemuOpts values are strings
     * @param json whether it was given as JSON
     * @param location the option and argument, for messages
     */
    public record ObjectOption(Map<String, Object> properties, boolean json, String location) {
    }
}
