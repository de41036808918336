package org.runstate.docs.example;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.device.AddressSpace;
import org.runstate.core.event.EventSubscription;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.StatusInfo;
import org.runstate.core.qapi.StopEvent;
import org.runstate.qmp.QmpEndpoint;
import org.runstate.qmp.QmpMessages;
import org.runstate.qmp.QmpServer;
import org.runstate.qmp.QmpServerOptions;

/**
 * A complete, small emulator built on runstate-core: its own vCPU engine ({@link ToyCpu}), two
 * devices in a port I/O space ({@link ToyPanicDevice}, {@link ToyWatchdog}) and a timer on the
 * virtual clock, wired into a {@link Machine}. {@link #main} runs a short session and prints every
 * event as a QMP client would receive it; {@code --qmp PATH} serves QMP on a Unix socket instead.
 */
public final class ToyEmulator implements AutoCloseable {
    /** The watchdog's countdown: one second of virtual time. */
    public static final long WATCHDOG_TIMEOUT_NS = 1_000_000_000L;
    /** How much vCPU 0 works after each boot. */
    public static final long WORK_PER_BOOT = 200_000;

    private final Machine machine;
    private final EventSubscription events;
    private final Semaphore delivered = new Semaphore(0);

    /**
     * Builds the machine and plugs the devices in; nothing runs before {@link #start()}.
     *
     * @param autostart false to stay in {@code prelaunch} until {@code cont}, like {@code -S}
     */
    public ToyEmulator(final boolean autostart) {
        AddressSpace ports = new AddressSpace(AddressSpace.Kind.PORT_IO);
        machine = Machine.builder()
                .vcpus(2)
                .engine(new ToyCpu(ports, WORK_PER_BOOT))
                .autostart(autostart)
                .actions(new ActionCommandLine().action("panic=pause").toCommand())
                .build();
        ToyWatchdog watchdog = new ToyWatchdog(machine, WATCHDOG_TIMEOUT_NS);
        ports.map(ToyPanicDevice.PORT, 1, new ToyPanicDevice(machine.panics()), "toy-panic");
        ports.map(ToyWatchdog.PORT, 1, watchdog, "toy-watchdog");
        machine.addResetHandler(cause -> watchdog.reset());
        // subscribed before start(), so the RESUME of the start is seen too; the callback runs on
        // whichever thread delivers, so it only releases a permit
        events = machine.events().subscribe(1024, true, delivered::release);
    }

    /**
     * The run-state machine.
     *
     * @return the machine
     */
    public Machine machine() {
        return machine;
    }

    /**
     * Starts the vCPU threads and the control thread and waits until the machine runs (the Guava
     * Service's RUNNING); the VM runs unless built without autostart. A machine starts once.
     *
     * @return this
     */
    public ToyEmulator start() {
        machine.start();
        return this;
    }

    /**
     * Waits for the next event. Call from one thread only: the inbox has a single consumer.
     *
     * @param timeout how long to wait
     * @return the event, or {@code null} if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    public TimestampedEvent nextEvent(final Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object item = events.poll();
            if (item != null) {
                return (TimestampedEvent) item;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !delivered.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                return (TimestampedEvent) events.poll();
            }
        }
    }

    /** Ends the machine if it still runs and waits for its threads. */
    @Override
    public void close() {
        events.close();
        machine.close();
    }

    /**
     * The scripted session: the first boot hangs and the watchdog resets the machine, the second
     * boot panics and the VM pauses in {@code guest-panicked}; virtual time stands still while it
     * is paused, so the armed watchdog stays quiet; then {@code quit}.
     *
     * @param out where the events (QMP text) and the query-status result go
     * @return the exit status QEMU would have, 0
     * @throws InterruptedException if interrupted while waiting for an event
     */
    public static int session(final PrintStream out) throws InterruptedException {
        try (ToyEmulator emu = new ToyEmulator(true).start()) {
            Machine m = emu.machine();
            TimestampedEvent e;
            do { // RESUME, WATCHDOG, RESET, GUEST_PANICKED, STOP
                e = emu.nextEvent(Duration.ofSeconds(10));
                if (e == null) {
                    throw new IllegalStateException("the guest did not panic");
                }
                out.print(QmpMessages.event(e));
            } while (!(e.event() instanceof StopEvent));

            // commands run on the control thread, like QEMU's main loop: submit hands the body the
            // control thread's context
            StatusInfo status = m.submit(ctx -> ctx.commands().queryStatus()).join();
            out.println("query-status: " + status.status().wireName());

            // longer than the watchdog's countdown: had virtual time moved on, it would have fired
            TimestampedEvent quiet = emu.nextEvent(Duration.ofNanos(WATCHDOG_TIMEOUT_NS).plusMillis(500));
            out.println(quiet == null ? "paused: no watchdog expiry" : "unexpected: " + QmpMessages.event(quiet));

            m.submitAction(ctx -> ctx.commands().quit()).join(); // the SHUTDOWN it caused is queued now
            out.print(QmpMessages.event(emu.nextEvent(Duration.ofSeconds(10))));
            m.awaitTerminated(); // a Guava Service: returns once TERMINATED, throws if FAILED
            return m.termination().join().exitStatus();
        }
    }

    /**
     * Serves QMP on a Unix socket until a client sends {@code quit} (or the guest shuts down).
     * The VM starts in {@code prelaunch}: connect, then {@code cont}.
     *
     * @param socket the socket path
     * @return the exit status
     * @throws IOException if the socket cannot be created
     */
    public static int serveQmp(final Path socket) throws IOException {
        try (ToyEmulator emu = new ToyEmulator(false);
                QmpServer qmp = new QmpServer(emu.machine(), QmpServerOptions.defaults())) {
            qmp.listen(QmpEndpoint.unix(socket));
            emu.start();
            return emu.machine().termination().join().exitStatus();
        } // closes the server first: clients get their last messages, then the machine is joined
    }

    /**
     * Runs {@link #session} on stdout, or {@link #serveQmp} with {@code --qmp PATH}.
     *
     * @param args nothing, or {@code --qmp PATH}
     * @throws Exception if the session fails
     */
    public static void main(final String[] args) throws Exception {
        int status = args.length == 2 && args[0].equals("--qmp") ? serveQmp(Path.of(args[1])) : session(System.out);
        System.exit(status);
    }
}
