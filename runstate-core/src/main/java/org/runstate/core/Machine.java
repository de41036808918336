package org.runstate.core;

import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.state.AtomicRunState;
import org.runstate.core.state.RunStateTransitionListener;
import org.runstate.core.state.VmStateChangeHandlers;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuRunLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VM's run-state subsystem: the state word, vCPU threads, the control thread (QEMU's main
 * loop), request slots, actions, events and clocks, wired together. Build it, plug devices in
 * (reset handlers, notifiers, timers), then {@link #start()}.
 *
 * <p>Lifecycle: a Guava {@link com.google.common.util.concurrent.Service}, so it fits a
 * {@link com.google.common.util.concurrent.ServiceManager}: {@code NEW -> STARTING -> RUNNING ->
 * STOPPING -> TERMINATED}, or {@code FAILED} when anything on the control thread throws where no
 * caller can receive it (a device timer callback). It starts once; it ends when the guest or a
 * client ends it (quit, guest shutdown with action poweroff, a signal, watchdog poweroff) or on
 * {@link #stopAsync()}; {@link #termination()} tells how.
 *
 * <p>Threading: what changes the run state synchronously runs on the control thread, reached with
 * {@link #submit(ControlCall)}; requests, events, panics and watchdog actions may come from any
 * thread. docs/embedding.md has the table of which call is allowed where.
 */
public final class Machine extends AbstractService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Machine.class);

    private final MainLoop loop;
    private final RunStateFunnel state;
    private final RunStateActions actions = new RunStateActions();
    private final VcpuRunLoop vcpus;
    private final EventBus events;
    private final SystemRequests requests;
    private final RunControl control;
    private final ControlContext context;
    private final VmStateChangeHandlers changeHandlers = new VmStateChangeHandlers();
    private final List<ResetHandler> resetHandlers = new CopyOnWriteArrayList<>();
    private final MachineNotifiers notifiers = new MachineNotifiers();
    private final RunStateCommands commands;
    private final PanicHandler panics;
    private final WatchdogActionPerformer watchdog;
    private final HostIncidents hostIncidents;
    private final CompletableFuture<Termination> termination = new CompletableFuture<>();
    private final boolean singlestep;
    private final boolean wakeupSupported;
    private final boolean startOnLaunch;
    private final NmiHandler nmi;
    private final Consumer<String> errorReport;
    private volatile boolean immediateExit;
    /** Set once the control thread has ended: {@link #doStop()} has nothing left to end. */
    private volatile boolean controlThreadEnded;
    private volatile Thread controlThread;

    private Machine(final Builder b) {
        loop = new MainLoop(b.clockMode);
        state = new RunStateFunnel(new AtomicRunState(RunState.PRELAUNCH, b.transitionListener), changeHandlers);
        vcpus = new VcpuRunLoop(b.vcpuCount, b.engine, loop::inControlThread);
        Clock throttleClock = b.clockMode == VirtualClock.Mode.STEPPED ? loop.virtual() : loop.realtime();
        events = new EventBus(throttleClock, b.wallClockMicros);
        requests = new SystemRequests(state, actions, vcpus, loop::wakeup, b.errorReport);
        control = new RunControl(state, vcpus, loop.virtual(), events, requests, resetHandlers,
                loop::inControlThread);
        context = new ControlContext(this, control);
        RequestProcessor processor = new RequestProcessor(state, requests, control, actions, events, notifiers,
                b.errorReport);
        loop.setRequestProcessor(processor::process);
        singlestep = b.singlestep;
        wakeupSupported = b.wakeupSupported;
        nmi = b.nmi;
        errorReport = b.errorReport;
        if (wakeupSupported) {
            notifiers.wakeupHandler = () -> control.systemReset(ShutdownCause.NONE);
        }
        if (b.actions != null) {
            actions.set(b.actions);
        }
        if (b.incoming) {
            state.transition(RunState.INMIGRATE); // vl.c does this while parsing -incoming
        }
        startOnLaunch = b.autostart && !b.incoming;
        commands = new RunStateCommands(this, state, control, b.autostart);
        panics = new PanicHandler(actions, events, control, requests);
        watchdog = new WatchdogActionPerformer(this, b.stderr);
        hostIncidents = new HostIncidents(events, control, b.errorReport);
        addListener(new Listener() {
            @Override
            public void terminated(final State from) {
                if (from == State.NEW) { // stopped before it started: it ends without having run
                    vcpus.close();
                    termination.complete(new Termination(0, false));
                }
            }
        }, MoreExecutors.directExecutor());
    }

    /**
     * Starts configuring a machine.
     *
     * @return a builder with QEMU's defaults: one vCPU, an idle engine, host-driven virtual time,
     *     autostart, default actions
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the machine and waits until it runs: {@link #startAsync()} then
     * {@link #awaitRunning()}. Starts the vCPU threads and the control thread, which does what the
     * end of QEMU's init does: one system reset with cause none (no RESET event; every reset
     * handler runs), then {@code cont} unless {@code -S} or {@code -incoming}.
     *
     * @return this machine, for {@code Machine m = Machine.builder().build().start()}
     * @throws IllegalStateException if the machine was started before (a machine starts once), or
     *     if it failed while starting (the cause attached)
     */
    public Machine start() {
        startAsync();
        awaitRunning();
        return this;
    }

    /** Guava's start hook, under the service's lock: starts the threads, never waits for them. */
    @Override
    protected void doStart() {
        try {
            startThreads();
        } catch (RuntimeException | Error e) { // no control thread to end the machine: end it here
            vcpus.close();
            controlThreadEnded = true;
            termination.complete(new Termination(Termination.FAILURE_EXIT_STATUS, false, Optional.of(e)));
            throw e; // AbstractService: FAILED with this cause
        }
    }

    private void startThreads() {
        vcpus.start();
        MainLoop.ControlTask<Void> init = newTask(() -> {
            // qdev_machine_creation_done: QEMU resets the machine once (cause none, so no RESET)
            // before anything runs, which puts every device in its reset state
            control.systemReset(ShutdownCause.NONE);
            if (startOnLaunch) {
                control.vmStart();
            }
            return null;
        });
        // completes on the control thread, after the requests the start-up posted were processed
        init.future.whenComplete((v, e) -> {
            if (e == null) {
                notifyStarted();
            } else {
                loop.fail(e);
            }
        });
        loop.setFirstTask(init); // before any command that was submitted while starting
        Thread t = new Thread(this::runControlThread, "runstate-main");
        controlThread = t;
        t.start();
    }

    /**
     * Guava's stop hook ({@link #stopAsync()}): ends the machine as {@link #exitNow exitNow(0)},
     * without SHUTDOWN, unless it has ended already.
     */
    @Override
    protected void doStop() {
        if (!controlThreadEnded) {
            exitNow(0);
        }
    }

    /**
     * Runs {@code body} on the control thread with the control-only operations, then processes the
     * requests it posted, then completes the future, so events caused by the body precede its
     * completion: {@code machine.submit(ctx -> ctx.commands().queryStatus())}.
     *
     * @param body the work
     * @param <T> the result type
     * @return the result; failed with the body's exception, or with
     *     {@link RejectedExecutionException} if the machine has terminated
     */
    public <T> ControlFuture<T> submit(final ControlCall<T> body) {
        Objects.requireNonNull(body, "body");
        return submit(() -> body.call(context));
    }

    /**
     * As {@link #submit(ControlCall)} for work without a result:
     * {@code machine.submitAction(ctx -> ctx.vmStop(RunState.PAUSED))}.
     *
     * @param body the work
     * @return completes with null once the body and the requests it posted were processed
     */
    public ControlFuture<Void> submitAction(final ControlAction body) {
        Objects.requireNonNull(body, "body");
        return submit(() -> {
            body.run(context);
            return null;
        });
    }

    /**
     * Runs {@code body} on the control thread, then processes the requests it posted, then
     * completes the future, so events caused by the command precede its completion.
     *
     * @param body the work
     * @param <T> the result type
     * @return the result; failed with the body's exception, or with
     *     {@link RejectedExecutionException} if the machine has terminated
     */
    public <T> ControlFuture<T> submit(final Callable<T> body) {
        MainLoop.ControlTask<T> task = newTask(body);
        queue(task);
        return task.future;
    }

    /**
     * As {@link #submit(Callable)} for work without a result.
     *
     * @param body the work
     * @return completes with null once the body and the requests it posted were processed
     */
    public ControlFuture<Void> submit(final Runnable body) {
        Objects.requireNonNull(body, "body");
        return submit(() -> {
            body.run();
            return null;
        });
    }

    private <T> MainLoop.ControlTask<T> newTask(final Callable<T> body) {
        return new MainLoop.ControlTask<>(body, this::threadThatMustNotWait);
    }

    /** Names the calling thread if waiting on a control task there would deadlock, else null. */
    private String threadThatMustNotWait() {
        Thread self = Thread.currentThread();
        if (loop.inControlThread() || self == controlThread) {
            return "the control thread '" + self.getName() + "'";
        }
        if (vcpus.isVcpuThread()) {
            return "the vCPU thread '" + self.getName() + "'";
        }
        return null;
    }

    /** Queues a task; after termination its future fails instead of the call throwing. */
    private void queue(final MainLoop.ControlTask<?> task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.future.completeExceptionally(e);
        }
    }

    /**
     * As {@link #submit}, but when the control loop is idle the body runs at once on the calling
     * thread, holding the control role (QEMU's BQL), and the returned future is already complete.
     * This saves two thread hand-offs per call; a QMP server answers commands this way. Falls back
     * to {@link #submit} when the loop is busy, tasks are queued, or the caller already holds the
     * role.
     *
     * @param body the work
     * @param <T> the result type
     * @return the result, as from {@link #submit}
     */
    public <T> ControlFuture<T> submitOrRunHere(final Callable<T> body) {
        MainLoop.ControlTask<T> task = newTask(body);
        if (!loop.tryRunHere(task)) {
            queue(task);
        }
        return task.future;
    }

    /**
     * Runs {@code task} on the control thread, followed by request processing; fire and forget.
     *
     * @param task the work
     */
    public void execute(final Runnable task) {
        loop.execute(task);
    }

    /**
     * Runs {@code action} as vCPU {@code index} would, on the calling thread (control thread for
     * qtest): a {@code vm_stop} it causes becomes a request, as for a guest access.
     *
     * @param index the vCPU
     * @param action the device access
     */
    public void runAsVcpu(final int index, final Runnable action) {
        vcpus.runAs(index, action);
    }

    /**
     * qtest {@code clock_step}: advances stepped virtual time, firing due timers with request
     * processing after each. Control thread only.
     *
     * <p>Once a timer ends the machine ({@link #exitNow}, as watchdog action {@code poweroff} does,
     * or a request it posted, such as a reset under {@code -no-reboot}), the step stops at that
     * timer, as QEMU's {@code exit()} does: no later timer fires, so a WATCHDOG event the rate
     * limit still holds back is never sent, and the clock stays at that timer's deadline.
     *
     * @param ns how far
     * @return the new virtual time (where the step stopped if the machine is ending)
     */
    public long stepVirtualClock(final long ns) {
        requireControlThread("Machine.stepVirtualClock(long)");
        if (ns < 0) {
            throw new IllegalArgumentException("negative step " + ns);
        }
        return loop.advanceSteppedClocks(loop.virtual().nowNs() + ns);
    }

    /**
     * qtest {@code clock_set}. Control thread only. Stops early when a timer ends the machine, as
     * {@link #stepVirtualClock} does.
     *
     * @param targetNs the absolute virtual time (never moves backwards)
     * @return the new virtual time (where the advance stopped if the machine is ending)
     */
    public long setVirtualClock(final long targetNs) {
        requireControlThread("Machine.setVirtualClock(long)");
        return loop.advanceSteppedClocks(targetNs);
    }

    /**
     * Ends the machine now with {@code status}, skipping SHUTDOWN and clean-up: QEMU's direct
     * {@code exit()} (watchdog {@code poweroff}).
     *
     * @param status the exit status
     */
    public void exitNow(final int status) {
        if (loop.isTerminated()) {
            return; // ended already (a quit racing stopAsync): that end stands as it was
        }
        immediateExit = true;
        loop.exitNow(status);
    }

    /**
     * Completes when the machine has ended: after quit, a guest shutdown with action poweroff, a
     * signal, {@link #exitNow} or {@link #stopAsync()} (then its service state is
     * {@code TERMINATED}), or a failure on the control thread (then it is {@code FAILED} and
     * {@link Termination#failure()} tells why). The vCPU threads have been joined by then, and it
     * completes before the service state changes, so after {@link #awaitTerminated()} it is done.
     *
     * @return the termination
     */
    public CompletableFuture<Termination> termination() {
        return termination;
    }

    /**
     * Ends the machine ({@link #stopAsync()}) and waits for it. On the control thread or a vCPU
     * thread, which cannot wait for the end, it only asks for it.
     */
    @Override
    public void close() {
        stopAsync();
        if (threadThatMustNotWait() == null) {
            termination.join();
        }
    }

    /**
     * The current run state ({@code runstate_get}): one volatile read, for hot paths too. It
     * changes only through the machine (commands, requests, {@link ControlContext}).
     *
     * @return the state
     */
    public RunState runState() {
        return state.get();
    }

    /**
     * The actions.
     *
     * @return reboot/shutdown/panic/watchdog actions
     */
    public RunStateActions actions() {
        return actions;
    }

    /**
     * The request slots, for devices and engines.
     *
     * @return the requests
     */
    public SystemRequests requests() {
        return requests;
    }

    /**
     * The run-state commands; those that change the run state run on the control thread only
     * (from elsewhere: {@code submit(ctx -> ctx.commands().stop())}).
     *
     * @return the commands
     */
    public RunStateCommands commands() {
        return commands;
    }

    /**
     * The event bus.
     *
     * @return the bus
     */
    public EventBus events() {
        return events;
    }

    /**
     * The vCPUs and their threads. Pausing, resuming and resetting them is control-thread work
     * ({@link ControlContext}); the loop throws {@link IllegalStateException} elsewhere.
     *
     * @return the run loop
     */
    public VcpuRunLoop vcpus() {
        return vcpus;
    }

    /**
     * {@code QEMU_CLOCK_VIRTUAL}.
     *
     * @return the virtual clock
     */
    public VirtualClock virtualClock() {
        return loop.virtual();
    }

    /**
     * {@code QEMU_CLOCK_REALTIME}.
     *
     * @return the realtime clock
     */
    public RealtimeClock realtimeClock() {
        return loop.realtime();
    }

    /**
     * Host time for devices whose clock follows the host ({@code QEMU_CLOCK_HOST} and
     * {@code QEMU_CLOCK_REALTIME}, such as the RTC's default {@code -rtc clock=host}): its timers run
     * whatever the run state, also while the guest is suspended or paused. With stepped virtual time
     * ({@code -accel qtest}) it is a stand-in that moves with qtest {@code clock_step} and
     * {@code clock_set}, so such devices are reproducible; otherwise it is {@link #realtimeClock()}.
     *
     * @return the clock
     */
    public Clock hostClock() {
        VirtualClock host = loop.steppedHost();
        return host != null ? host : loop.realtime();
    }

    /**
     * The guest panic entry points.
     *
     * @return the panic handler
     */
    public PanicHandler panics() {
        return panics;
    }

    /**
     * The watchdog action performer shared by all watchdog devices.
     *
     * @return the performer
     */
    public WatchdogActionPerformer watchdog() {
        return watchdog;
    }

    /**
     * Memory failures and notify VM exits.
     *
     * @return the host incident reporter
     */
    public HostIncidents hostIncidents() {
        return hostIncidents;
    }

    /**
     * VM change-state handlers.
     *
     * @return the handler list
     */
    public VmStateChangeHandlers changeStateHandlers() {
        return changeHandlers;
    }

    /**
     * Registers a device reset handler ({@code qemu_register_reset}); handlers run in registration
     * order on every system reset.
     *
     * @param handler the handler
     */
    public void addResetHandler(final ResetHandler handler) {
        resetHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Adds a powerdown notifier (ACPI power button, s390 signal quiesce); runs after POWERDOWN.
     *
     * @param notifier run on the control thread
     */
    public void addPowerdownNotifier(final Runnable notifier) {
        notifiers.powerdown.add(v -> notifier.run());
    }

    /**
     * Adds a suspend notifier; runs before the state becomes {@code suspended}.
     *
     * @param notifier run on the control thread
     */
    public void addSuspendNotifier(final Runnable notifier) {
        notifiers.suspend.add(v -> notifier.run());
    }

    /**
     * Adds a wakeup notifier; runs with the reason after the machine's wakeup hook.
     *
     * @param notifier run on the control thread
     */
    public void addWakeupNotifier(final Consumer<WakeupReason> notifier) {
        notifiers.wakeup.add(notifier);
    }

    /**
     * Adds a shutdown notifier; runs with the cause right after SHUTDOWN.
     *
     * @param notifier run on the control thread
     */
    public void addShutdownNotifier(final Consumer<ShutdownCause> notifier) {
        notifiers.shutdown.add(notifier);
    }

    boolean singlestep() {
        return singlestep;
    }

    boolean wakeupSupported() {
        return wakeupSupported;
    }

    void injectNmi() {
        if (nmi == null) {
            throw new RunStateCommandException("this feature or command is not currently supported");
        }
        nmi.inject(vcpus.vcpus());
    }

    /**
     * Throws unless the caller is the control thread.
     *
     * @param method the method that needs it, for the message
     */
    void requireControlThread(final String method) {
        if (!loop.inControlThread()) {
            throw new IllegalStateException(method + " must run on the machine's control thread, not on '"
                    + Thread.currentThread().getName() + "'; use Machine.submit(ctx -> ...)");
        }
    }

    /**
     * The control thread's body: the main loop, then {@code vm_shutdown} on an orderly end. Any
     * exception that escapes the loop (a timer callback) or that the loop recorded ends the
     * machine as failed: one ERROR line with the cause, vCPU threads stopped, a non-zero status.
     */
    private void runControlThread() {
        int status = 0;
        Throwable failure = null;
        try {
            status = loop.run();
            failure = loop.failure();
            if (failure == null && !immediateExit) {
                loop.runAfterEnd(control::vmShutdown);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (failure != null) {
            status = Termination.FAILURE_EXIT_STATUS;
            shutDownAfterFailure(failure);
            // one line through error_report (the launcher prints it as its own), never a stack
            // trace on the user's stream; the trace is at DEBUG and in termination().failure()
            errorReport.accept("the machine failed on its control thread: " + describe(failure));
            LOG.debug("the control thread's failure", failure);
        }
        try {
            vcpus.close();
        } finally {
            controlThreadEnded = true;
            termination.complete(new Termination(status, immediateExit, Optional.ofNullable(failure)));
            endService(failure);
        }
    }

    /**
     * {@code vm_shutdown} after a failure, best effort: the vCPUs stop and the state leaves
     * {@code running}; what fails in there is added to the failure, not thrown.
     */
    private void shutDownAfterFailure(final Throwable failure) {
        try {
            if (!immediateExit) {
                loop.runAfterEnd(control::vmShutdown);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The failure and where it was thrown, for the one line reporting it. */
    private static String describe(final Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return trace.length == 0 ? failure.toString() : failure + " (at " + trace[0] + ")";
    }

    /** Moves the service to its end state: FAILED with the cause, else via STOPPING to TERMINATED. */
    private void endService(final Throwable failure) {
        if (failure != null) {
            notifyFailed(failure);
            return;
        }
        if (state() == State.RUNNING) {
            stopAsync(); // ended by the guest or a client: still STOPPING first, as Service defines
        }
        notifyStopped();
    }

    @Override
    public String toString() {
        return "Machine [" + state() + ", " + runState().wireName() + "]";
    }

    /** Configures a {@link Machine}; every setter returns the builder. */
    public static final class Builder {
        private int vcpuCount = 1;
        private VcpuEngine engine = VcpuEngine.IDLE;
        private VirtualClock.Mode clockMode = VirtualClock.Mode.HOST_DRIVEN;
        private boolean autostart = true;
        private boolean incoming;
        private boolean singlestep;
        private boolean wakeupSupported;
        private NmiHandler nmi;
        private SetActionCommand actions;
        private LongSupplier wallClockMicros = EventBus::systemMicros;
        private Consumer<String> errorReport = msg -> LOG.error("{}", msg);
        private Consumer<String> stderr = System.err::println;
        private RunStateTransitionListener transitionListener;

        private Builder() {
        }

        /**
         * {@code -smp N}.
         *
         * @param count the number of vCPUs
         * @return this
         */
        public Builder vcpus(final int count) {
            this.vcpuCount = count;
            return this;
        }

        /**
         * The execution engine run on every vCPU thread.
         *
         * @param vcpuEngine the engine
         * @return this
         */
        public Builder engine(final VcpuEngine vcpuEngine) {
            this.engine = Objects.requireNonNull(vcpuEngine, "engine");
            return this;
        }

        /**
         * How virtual time moves; {@link VirtualClock.Mode#STEPPED} is {@code -accel qtest} (and
         * makes the WATCHDOG rate limit use virtual time, as QEMU does under qtest).
         *
         * @param mode the mode
         * @return this
         */
        public Builder clockMode(final VirtualClock.Mode mode) {
            this.clockMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * {@code -S} is {@code autostart(false)}.
         *
         * @param start whether the VM starts running at launch
         * @return this
         */
        public Builder autostart(final boolean start) {
            this.autostart = start;
            return this;
        }

        /**
         * {@code -incoming}: the state is {@code inmigrate} from the start.
         *
         * @param waitForMigration whether an incoming migration is expected
         * @return this
         */
        public Builder incoming(final boolean waitForMigration) {
            this.incoming = waitForMigration;
            return this;
        }

        /**
         * {@code -singlestep}, reported by {@code query-status}.
         *
         * @param on the flag
         * @return this
         */
        public Builder singlestep(final boolean on) {
            this.singlestep = on;
            return this;
        }

        /**
         * {@code qemu_register_wakeup_support}: S3 wakeup works (pc with ACPI). The pc wakeup hook
         * resets the devices with cause none, so no RESET is emitted.
         *
         * @param supported whether {@code system_wakeup} is supported
         * @return this
         */
        public Builder wakeupSupported(final boolean supported) {
            this.wakeupSupported = supported;
            return this;
        }

        /**
         * How {@code inject-nmi} is delivered; without one it fails as on {@code -M none}.
         *
         * @param handler the handler, for example {@link NmiHandler#ALL_VCPUS}
         * @return this
         */
        public Builder nmi(final NmiHandler handler) {
            this.nmi = handler;
            return this;
        }

        /**
         * Initial actions, usually from {@link ActionCommandLine#toCommand()}.
         *
         * @param initial the actions to set before start
         * @return this
         */
        public Builder actions(final SetActionCommand initial) {
            this.actions = initial;
            return this;
        }

        /**
         * The event timestamp source (tests pin it).
         *
         * @param micros microseconds since the epoch
         * @return this
         */
        public Builder wallClock(final LongSupplier micros) {
            this.wallClockMicros = Objects.requireNonNull(micros, "micros");
            return this;
        }

        /**
         * Where QEMU's {@code error_report} and stderr lines go (the launcher prints them).
         *
         * @param report the sink
         * @return this
         */
        public Builder errorReport(final Consumer<String> report) {
            this.errorReport = Objects.requireNonNull(report, "report");
            return this;
        }

        /**
         * Where lines QEMU writes to stderr without a prefix go ({@code watchdog: timer fired}).
         *
         * @param sink the sink; {@code System.err} by default
         * @return this
         */
        public Builder stderr(final Consumer<String> sink) {
            this.stderr = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Observes every state change (QEMU's {@code runstate_set} trace point).
         *
         * @param listener called on the changing thread
         * @return this
         */
        public Builder transitionListener(final RunStateTransitionListener listener) {
            this.transitionListener = listener;
            return this;
        }

        /**
         * Builds the machine; nothing runs until {@link Machine#start()}.
         *
         * @return the machine
         */
        public Machine build() {
            return new Machine(this);
        }
    }
}
