package org.runstate.docs.example;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.device.AddressSpace;
import org.runstate.core.event.EventSubscription;
import org.runstate.core.event.SubscriptionOptions;
import org.runstate.core.event.SubscriptionOptions;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
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

    /**
     * The emulator's own QMP command and its return type, as QAPI would declare them:
     * {@code { 'struct': 'ToyWatchdogInfo', 'data': { 'armed': 'bool' } }} and
     * {@code { 'command': 'x-query-toy-watchdog', 'returns': 'ToyWatchdogInfo' }}.
     */
    public static final QapiSchema TOY_COMMANDS = new QapiSchema(List.of(
            new StructDefinition("ToyWatchdogInfo", "0.1", List.of(new Member("armed", "bool", false))),
            new CommandDefinition("x-query-toy-watchdog", "0.1", List.of(), "ToyWatchdogInfo", false)));

    /**
     * What {@code x-query-toy-watchdog} returns; encoded member by member in component order.
     *
     * @param armed whether the watchdog's countdown runs
     */
    public record ToyWatchdogInfo(boolean armed) {
    }

    private final Machine machine;
    private final ToyWatchdog watchdog;
    private final EventSubscription events;

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
        watchdog = new ToyWatchdog(machine, WATCHDOG_TIMEOUT_NS);
        ports.map(ToyPanicDevice.PORT, 1, new ToyPanicDevice(machine.panics()), "toy-panic");
        ports.map(ToyWatchdog.PORT, 1, watchdog, "toy-watchdog");
        machine.addResetHandler(cause -> watchdog.reset());
        // subscribed before start(), so the RESUME of the start is seen too
        events = machine.events().subscribe(SubscriptionOptions.withCapacity(1024));
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
     * The machine's events, in the bus's global order. One consumer thread at a time.
     *
     * @return the subscription
     */
    public EventSubscription events() {
        return events;
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
            EventSubscription events = emu.events();
            TimestampedEvent e;
            do { // RESUME, WATCHDOG, RESET, GUEST_PANICKED, STOP
                e = events.poll(Duration.ofSeconds(10)); // null: nothing came in time
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
            TimestampedEvent quiet = events.poll(Duration.ofNanos(WATCHDOG_TIMEOUT_NS).plusMillis(500));
            out.println(quiet == null ? "paused: no watchdog expiry" : "unexpected: " + QmpMessages.event(quiet));

            m.submitAction(ctx -> ctx.commands().quit()).join();
            out.print(QmpMessages.event(events.poll(Duration.ofSeconds(10)))); // SHUTDOWN
            m.awaitTerminated(); // a Guava Service: returns once TERMINATED, throws if FAILED
            // nothing comes after SHUTDOWN; drain takes what is queued without waiting, in batches
            events.drain(extra -> out.print("unexpected: " + QmpMessages.event(extra)), 16);
            return m.termination().join().exitStatus();
        }
    }

    /**
     * Serves QMP on a Unix socket until a client sends {@code quit} (or the guest shuts down), with
     * the emulator's own command {@code x-query-toy-watchdog} besides QEMU's.
     * The VM starts in {@code prelaunch}: connect, then {@code cont}.
     *
     * @param socket the socket path
     * @return the exit status
     * @throws IOException if the socket cannot be created
     */
    public static int serveQmp(final Path socket) throws IOException {
        try (ToyEmulator emu = new ToyEmulator(false);
                QmpServer qmp = new QmpServer(emu.machine(), QmpServerOptions.defaults())) {
            // before any client connects; query-commands and query-qmp-schema include it. Its
            // handler runs on the control thread, like every QMP command.
            qmp.register(TOY_COMMANDS, "x-query-toy-watchdog", args -> new ToyWatchdogInfo(emu.watchdog.isArmed()));
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
