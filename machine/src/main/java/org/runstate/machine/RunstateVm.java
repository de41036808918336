package org.runstate.machine;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.pc.PcPlatform;
import org.runstate.panic.HypervCrashMsrs;
import org.runstate.s390.S390Machine;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.qmp.QmpEndpoint;
import org.runstate.qmp.QmpServer;
import org.runstate.qmp.QmpServerOptions;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import sun.misc.Signal;

/**
 * {@code runstate-vm}: a machine whose run state behaves like QEMU 7.2's, with QMP and qtest
 * sockets. Started like QEMU ({@code -S}, {@code -no-shutdown}, {@code -action}, {@code -qmp}, ...);
 * exits with QEMU's status (0, or 1 for a panic with action exit-failure).
 */
public final class RunstateVm implements AutoCloseable {
    /** The program name in error messages, where QEMU prints {@code qemu-system-x86_64}. */
    static final String PROGRAM = "runstate-vm";
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    private final Machine machine;
    private final QmpServer qmp;
    private final List<AutoCloseable> sockets = new ArrayList<>();
    /** Completes once the machine ended and QMP clients got their last messages. */
    private final java.util.concurrent.CompletableFuture<Termination> ended;

    private RunstateVm(final LaunchOptions o, final PrintStream stderr) throws IOException {
        boolean qtest = o.accel.equals("qtest");
        if (!List.of("qtest", "tcg", "kvm").contains(o.accel)) {
            throw new LaunchException("-accel " + o.accel + ": invalid accelerator " + o.accel);
        }
        Machine.Builder b = Machine.builder().vcpus(o.smp).autostart(!o.startPaused).incoming(o.incoming != null)
                .clockMode(qtest ? VirtualClock.Mode.STEPPED : VirtualClock.Mode.HOST_DRIVEN)
                .engine(qtest ? VcpuEngine.IDLE : new DemoEngine(o.smp))
                .errorReport(msg -> stderr.println(PROGRAM + ": " + msg));
        S390Machine s390 = null;
        switch (o.machine) {
            case "pc" -> b.wakeupSupported(true).nmi(NmiHandler.ALL_VCPUS);
            case "none" -> { }
            case "s390-ccw-virtio" -> {
                s390 = new S390Machine(o.smp, o.ramBytes);
                b.nmi(s390.nmiHandler());
            }
            default -> throw new LaunchException("-machine " + o.machine + ": unsupported machine type\n"
                    + "Use -machine help to list supported machines");
        }
        try {
            b.actions(o.actions.toCommand());
        } catch (IllegalArgumentException e) {
            throw new LaunchException(e.getMessage());
        }
        machine = b.build();
        // QEMU creates its monitors before the board, so a client gets the greeting at once; its
        // commands wait until the machine is initialised (the control loop's first task)
        qmp = new QmpServer(machine, QmpServerOptions.defaults().withMaxClients(o.qmpMaxClients));
        ended = machine.termination().thenApply(t -> {
            qmp.close();
            return t;
        });
        try {
            for (String spec : o.qmp) {
                sockets.add(qmp.listen(endpoint("-qmp", spec)));
            }
        } catch (IOException | LaunchException e) {
            close();
            throw e;
        }
        GuestIo io = GuestIo.UNASSIGNED;
        java.util.function.Function<String[], String> qtestExtension = words -> null;
        PcPlatform platform = null;
        if (o.machine.equals("pc")) {
            platform = PcPlatform.install(machine, o.ramBytes);
            io = new PcGuestIo(platform);
            if (o.hvCrash()) {
                HypervCrashMsrs.install(platform);
            }
        } else if (s390 != null) {
            s390.attach(machine);
            io = new S390GuestIo(s390);
            qtestExtension = s390::qtest;
        }
        for (String d : o.devices) {
            try {
                DeviceRegistry.plug(DeviceSpec.parse(d), platform);
            } catch (LaunchException e) {
                close();
                throw new LaunchException("-device " + d + ": " + e.getMessage());
            }
        }
        machine.start();
        try {
            for (String spec : o.qtest) {
                sockets.add(new QtestServer(machine, io, qtestExtension, endpoint("-qtest", spec)));
            }
        } catch (IOException | LaunchException e) {
            close();
            throw e;
        }
    }

    /**
     * Launches in-process, as {@code main} does but without exiting the JVM: for tests and for
     * embedding the whole launcher.
     *
     * @param args QEMU-style options
     * @return the running VM; {@link #termination()} tells when it ends
     * @throws IOException if a socket cannot be created
     * @throws IllegalArgumentException with QEMU's message for bad options
     */
    public static RunstateVm launch(final String... args) throws IOException {
        LaunchOptions options = new LaunchOptions();
        try {
            commandLine(options).parseArgs(args);
            return new RunstateVm(options, System.err);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (LaunchException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
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
    public java.util.concurrent.CompletableFuture<Termination> termination() {
        return ended;
    }

    /**
     * Starts the machine and serves until it ends, then exits with its status.
     *
     * @param args QEMU-style options
     */
    public static void main(final String[] args) {
        StartupPreloader.start(); // overlaps class loading with option parsing
        LaunchOptions options = new LaunchOptions();
        CommandLine cli = commandLine(options);
        try {
            cli.parseArgs(args);
        } catch (ParameterException e) {
            System.err.println(PROGRAM + ": " + describe(e));
            System.exit(1);
        } catch (LaunchException e) {
            System.err.println(PROGRAM + ": " + e.getMessage());
            System.exit(1);
        }
        if (options.help) {
            cli.usage(System.out);
            System.exit(0);
        }
        Termination t;
        try (RunstateVm vm = new RunstateVm(options, System.err)) {
            vm.installSignalHandlers();
            t = vm.termination().join();
        } catch (LaunchException | IOException e) {
            System.err.println(PROGRAM + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(t.exitStatus());
    }

    /** Flushes what QMP clients are owed, closes the sockets and ends the machine. */
    @Override
    public void close() {
        if (qmp != null) {
            qmp.close();
        }
        for (AutoCloseable s : sockets) {
            try {
                s.close();
            } catch (Exception e) {
                // closing is best effort at exit
            }
        }
        machine.close();
    }

    /** SIGTERM, SIGINT and SIGHUP: QEMU's qemu_system_killed (SHUTDOWN host-signal, exit 0). */
    private void installSignalHandlers() {
        for (String name : List.of("TERM", "INT", "HUP")) {
            Signal sig = new Signal(name);
            Signal.handle(sig, s -> machine.requests().killed(s.getNumber(), 0));
        }
    }

    /**
     * The parser. Options repeat as in QEMU: each occurrence calls its setter again, so
     * {@code -device}, {@code -qmp} and {@code -action} accumulate and a repeated scalar option
     * takes its last value.
     */
    private static CommandLine commandLine(final LaunchOptions options) {
        // no option of ours is a java.sql or java.time type: picocli then skips registering those
        // converters through reflection, which loads the java.sql module (~15 ms of start-up)
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java.sql.*,java.time.*");
        }
        CommandLine cli = new CommandLine(options);
        cli.setUnmatchedOptionsArePositionalParams(false);
        cli.setOverwrittenOptionsAllowed(true);
        return cli;
    }

    private static QmpEndpoint endpoint(final String option, final String spec) {
        try {
            return QmpEndpoint.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(option + " " + spec + ": " + e.getMessage());
        }
    }

    private static String describe(final ParameterException e) {
        if (e.getCause() instanceof LaunchException le) {
            return le.getMessage();
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return u.getUnmatched().get(0) + ": invalid option";
        }
        return e.getMessage();
    }
}
