package org.runstate.machine;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.runstate.core.Machine;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.machine.chardev.Chardev;
import org.runstate.machine.chardev.Chardevs;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.CommandLine;
import org.runstate.machine.cli.CompatChardev;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.Opts;
import org.runstate.machine.cli.OptsList;
import org.runstate.machine.qom.QomCommands;
import org.runstate.qmp.QmpServer;
import org.runstate.qmp.QmpServerOptions;
import org.runstate.qmp.hmp.MonitorCommands;
import org.slf4j.LoggerFactory;

/**
 * {@code runstate-vm}: a machine whose run state behaves like QEMU 7.2's, started with QEMU's
 * command line (options, chardevs, monitors, qtest, pid file, daemonizing) and exiting with
 * QEMU's status (0, or 1 for a panic with action exit-failure or a start-up error).
 */
public final class RunstateVm implements AutoCloseable {
    /** The program name for messages when the launcher script does not set {@code runstate.progname}. */
    static final String PROGRAM = "runstate-vm";
    /** The VM of this process, for the signal handlers (main only). */
    private static volatile RunstateVm current;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Machine machine;
    private final QmpServer qmp;
    private final Chardevs chardevs;
    private final CompletableFuture<Termination> ended;
    private volatile boolean started;

    /**
     * Builds and starts the machine.
     *
     * @param c the parsed command line
     * @param stderr QEMU-style messages
     * @param failed reports a start-up error before what was created is closed: as in QEMU, the
     *     message is out before the monitor sockets close (libvirt kills the process when its
     *     monitor reaches end of file, and then reads the message from the domain log)
     */
    private RunstateVm(final LaunchConfig c, final Consumer<String> stderr, final Consumer<CliError> failed) {
        current = current == null ? this : current;
        try {
            Board board = c.machine.containsKey("type") ? Boards.find(c.machine.get("type")) : Boards.defaultBoard();
            org.runstate.pc.RtcConfig rtc = MachineOptions.rtc(c); // configure_rtc comes first
            String accel = Accelerators.choose(c, stderr);
            int cpus = MachineOptions.cpus(c, board, stderr);
            if (c.daemonize && c.noGraphic && !c.noDefaults) {
                throw new CliError("-nographic cannot be used with -daemonize");
            }
            UserObjects objects = UserObjects.create(c.objects);
            long ram = MachineOptions.ramBytes(c, board, objects);
            MachineOptions.checkMachineProperties(c, board);
            FirmwareOptions firmware = MachineOptions.firmware(c, rtc);
            CpuOptions cpu = CpuOptions.parse(c.cpu, board);
            org.runstate.core.qapi.SetActionCommand actions;
            try {
                actions = c.actions.toCommand();
            } catch (IllegalArgumentException e) {
                throw new CliError(e.getMessage());
            }
            if (c.pidfile != null) {
                resources.add(PidFile.write(c.pidfile));
            }
            boolean qtest = accel.equals("qtest");
            Machine.Builder b = Machine.builder().vcpus(cpus).autostart(c.autostart).incoming(c.incoming != null)
                    .clockMode(qtest ? VirtualClock.Mode.STEPPED : VirtualClock.Mode.HOST_DRIVEN)
                    .engine(qtest ? VcpuEngine.IDLE : new DemoEngine(cpus))
                    .errorReport(msg -> stderr.accept(msg))
                    .actions(actions);
            board.configure(b, cpus, ram);
            machine = b.build();
            // QEMU creates chardevs and monitors before the board: a client gets the greeting at
            // once; its commands wait until the machine is initialised (the control loop's first task)
            qmp = new QmpServer(machine, QmpServerOptions.defaults().withMaxClients(c.qmpMaxClients));
            Opts name = c.opts.find(OptsList.NAME, null);
            MonitorCommands.register(qmp, name == null ? null : name.get("guest"));
            chardevs = new Chardevs(stderr);
            QomCommands.register(qmp, QomFacts.of(c, board, accel, cpu, cpus, ram, objects, chardevs, machine));
            java.util.concurrent.atomic.AtomicReference<org.runstate.pc.PcPlatform> pc =
                    new java.util.concurrent.atomic.AtomicReference<>();
            if (board.arch().equals("x86_64")) {
                RtcCommands.register(qmp, pc::get);
            }
            for (Opts o : c.opts.all(OptsList.CHARDEV)) {
                chardevs.create(o);
            }
            Board.Built built = board.build(machine, ram, cpu, firmware);
            pc.set(built.platform());
            if (c.qtestChardev != null) {
                Chardev chr = chardevs.create(CompatChardev.parse(c.opts, QTEST_CHARDEV, c.qtestChardev, null));
                QtestServer server = new QtestServer(machine, built.io(), built.qtestExtension(),
                        QtestLog.open(c.qtestLog));
                resources.add(server);
                chr.attach(server::serve);
            }
            for (Opts mon : c.opts.all(OptsList.MON)) {
                attachMonitor(mon);
            }
            Devices.plugAll(c.devices, board, built.platform());
            ended = machine.termination().thenApply(t -> {
                qmp.close();
                return t;
            });
            machine.start();
            started = true;
        } catch (RuntimeException e) {
            if (e instanceof CliError error) {
                failed.accept(error);
            }
            abortStartup();
            throw e;
        }
    }

    /** The chardev id QEMU gives the {@code -qtest} socket. */
    private static final String QTEST_CHARDEV = "qtest";

    /** {@code mon_init_func}: a QMP monitor on a chardev. */
    private void attachMonitor(final Opts mon) {
        try {
            String mode = mon.get("mode") == null ? "readline" : mon.get("mode");
            String id = mon.get("chardev");
            if (id == null) {
                throw new CliError("Parameter 'chardev' is missing");
            }
            if (!mode.equals("control") && !mode.equals("readline")) {
                throw new CliError("Parameter 'mode' does not accept value '" + mode + "'");
            }
            if (mode.equals("readline")) {
                if (mon.has("pretty")) {
                    throw new CliError("'pretty' is not compatible with HMP monitors");
                }
                throw new CliError("runstate-vm has no human monitor on a chardev; use mode=control (QMP "
                        + "offers human-monitor-command)");
            }
            Chardev chr = chardevs.find(id);
            if (chr == null) {
                throw new CliError("chardev \"" + id + "\" not found");
            }
            boolean pretty = mon.bool("pretty", false);
            chr.attach(ch -> qmp.serve(ch, pretty));
        } catch (CliError e) {
            throw e.at(mon.location());
        }
    }

    /**
     * Launches in-process, as {@code main} does but without daemonizing or exiting the JVM: for
     * tests and for embedding the whole launcher.
     *
     * @param args QEMU-style options
     * @return the running VM; {@link #termination()} tells when it ends
     * @throws IllegalArgumentException with QEMU's message (without the program name) for bad options
     * @throws CommandLine.Exit for help and version options
     */
    public static RunstateVm launch(final String... args) {
        try {
            LaunchConfig c = new CommandLine(HelpTexts.INSTANCE, line -> System.err.println(programName() + ": " + line))
                    .parse(args, QmpServerOptions.defaults().maxClients());
            HelpTexts.exitForHelpOptions(c);
            return new RunstateVm(c, line -> System.err.println(programName() + ": " + line), e -> {
            });
        } catch (CliError e) {
            throw new IllegalArgumentException(e.report(), e);
        }
    }

    /**
     * The machine.
     *
     * @return the machine
     */
    public Machine machine() {
        return machine;
    }

    /**
     * Completes when the machine ends, after QMP clients got their last messages.
     *
     * @return the termination
     */
    public CompletableFuture<Termination> termination() {
        return ended;
    }

    /**
     * Starts the machine and serves until it ends, then exits with its status.
     *
     * @param args QEMU-style options
     */
    public static void main(final String[] args) {
        StartupPreloader.start(); // overlaps class loading with option parsing
        installSignalHandlers();
        int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /**
     * Runs the launcher as a process does.
     *
     * @param args QEMU-style options
     * @param out standard output (help texts)
     * @param err standard error (messages)
     * @return the exit status
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err) {
        boolean[] timestamps = new boolean[1];
        Consumer<String> report = line -> err.println(prefix(timestamps[0]) + programName() + ": " + line);
        CliError[] reported = new CliError[1];
        try {
            LaunchConfig c = new CommandLine(HelpTexts.INSTANCE, report).parse(args,
                    QmpServerOptions.defaults().maxClients());
            timestamps[0] = c.msgTimestamp;
            HelpTexts.exitForHelpOptions(c);
            if (c.daemonize && !Daemon.isChild()) {
                return Daemon.runParent(RunstateVm.class, args);
            }
            try (RunstateVm vm = new RunstateVm(c, report, e -> {
                printError(e, report, err);
                reported[0] = e;
            })) {
                if (Daemon.isChild()) {
                    Daemon.childReady();
                }
                return vm.termination().join().exitStatus();
            }
        } catch (CommandLine.Exit e) {
            out.print(e.stdout());
            out.flush();
            return 0;
        } catch (CliError e) {
            if (e != reported[0]) {
                printError(e, report, err);
            }
            return 1;
        } catch (RuntimeException e) {
            // a defect, not bad input: one line naming it, never a stack trace on QEMU's stream
            report.accept("internal error: " + e);
            LoggerFactory.getLogger(RunstateVm.class).debug("internal error", e);
            return 1;
        }
    }

    /** {@code error_report} of a launch error: QEMU's message lines with the option as location, then the hint. */
    private static void printError(final CliError e, final Consumer<String> report, final PrintStream err) {
        String where = e.location() == null ? "" : e.location() + ": ";
        if (!e.getMessage().isEmpty()) {
            for (String line : e.getMessage().split("\n")) {
                report.accept(where + line);
            }
        }
        if (e.hint() != null) {
            err.print(e.hint());
        }
        err.flush();
    }

    /** The basename QEMU prints as {@code g_get_prgname()}: the launcher script passes its own. */
    static String programName() {
        return System.getProperty("runstate.progname", PROGRAM);
    }

    /** {@code -msg timestamp=on}: QEMU's UTC timestamp before each message. */
    private static String prefix(final boolean timestamps) {
        return timestamps ? Instant.now().truncatedTo(ChronoUnit.MICROS).toString() + " " : "";
    }

    /** A start-up that cannot complete: QMP clients get end of file at once, the rest is closed. */
    private void abortStartup() {
        if (qmp != null) {
            qmp.abort();
        }
        close();
    }

    /** Flushes what QMP clients are owed, closes the sockets and ends the machine. */
    @Override
    public void close() {
        if (qmp != null) {
            qmp.close();
        }
        if (chardevs != null) {
            chardevs.close();
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing is best effort at exit
            }
        }
        if (machine != null) {
            machine.close();
        }
        if (current == this) {
            current = null;
        }
    }

    /**
     * SIGTERM, SIGINT and SIGHUP, installed before anything else: once the VM runs they are
     * QEMU's {@code qemu_system_killed} (SHUTDOWN host-signal, exit 0); during start-up they
     * remove what was created and exit 0.
     */
    private static void installSignalHandlers() {
        // sun.misc.Signal named here, not imported: javadoc then never sees the JDK-internal API
        for (String name : List.of("TERM", "INT", "HUP")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                RunstateVm vm = current;
                if (vm != null && vm.started) {
                    vm.machine.requests().killed(s.getNumber(), 0);
                } else {
                    if (vm != null) {
                        vm.abortStartup();
                    }
                    Runtime.getRuntime().halt(0);
                }
            });
        }
    }
}
