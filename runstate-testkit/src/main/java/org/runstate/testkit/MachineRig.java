package org.runstate.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.runstate.core.Machine;
import org.runstate.core.Termination;
import org.runstate.core.event.OrderedChannel;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;

/**
 * A started {@link Machine} for tests, driven the way QMP, qtest and a guest drive it, with an
 * event recorder.
 *
 * <ul>
 *   <li>{@link #qmp(Runnable)}/{@link #qmp(Callable)}: a command on the control thread, with the
 *       requests it posted processed, as QMP runs it;</li>
 *   <li>{@link #asVcpu(int, Runnable)}: a device access as vCPU {@code index}, on the control thread
 *       (qtest's path); {@link #clockStep}/{@link #clockSet}: qtest's {@code clock_step}/{@code clock_set};</li>
 *   <li>{@link #events()}, {@link #takeEvents()}, {@link #awaitEvent(String)}: what was emitted, in
 *       the bus's global order. {@code events()} includes everything emitted before the call: the
 *       recorder reads an {@link OrderedChannel} and waits for a marker it posts.</li>
 * </ul>
 *
 * <p>By default the recorder listens after launch, as a QMP client does (nobody sees the initial
 * RESUME); {@link Builder#recordFromLaunch()} listens before. Close it (try-with-resources or
 * {@link MachineRigExtension}) to end the machine and join its threads.
 */
public final class MachineRig implements AutoCloseable {
    /** How long the rig waits for an event, a marker or the machine's end. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Machine machine;
    private final OrderedChannel<Object> recorder;
    private final Semaphore delivered = new Semaphore(0);
    /** Recorded and not yet taken; guarded by {@code this}. */
    private final List<RecordedEvent> seen = new ArrayList<>();

    private MachineRig(final Builder b) {
        machine = b.config.apply(Machine.builder()).build();
        b.beforeStart.accept(machine);
        if (b.recordFromLaunch) {
            recorder = listen();
            machine.start();
        } else {
            machine.start();
            recorder = listen();
        }
    }

    private OrderedChannel<Object> listen() {
        OrderedChannel<Object> c = machine.events().openChannel(1 << 16,
                e -> new RecordedEvent(e, machine.virtualClock().nowNs(), System.nanoTime()), delivered::release);
        c.startEvents();
        return c;
    }

    /**
     * Starts a machine built with {@code config}, recording events after launch.
     *
     * @param config sets the machine's options on a fresh {@link Machine#builder()}
     * @return the started rig
     */
    public static MachineRig start(final UnaryOperator<Machine.Builder> config) {
        return builder().configure(config).start();
    }

    /**
     * A rig to set up step by step.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Sets a rig up; {@link #start()} builds and starts it. */
    public static final class Builder {
        private UnaryOperator<Machine.Builder> config = b -> b;
        private Consumer<Machine> beforeStart = m -> { };
        private boolean recordFromLaunch;

        private Builder() {
        }

        /**
         * The machine's options.
         *
         * @param machineOptions applied to a fresh {@link Machine#builder()}
         * @return this
         */
        public Builder configure(final UnaryOperator<Machine.Builder> machineOptions) {
            config = Objects.requireNonNull(machineOptions, "machineOptions");
            return this;
        }

        /**
         * Plugs devices (or anything else) into the built machine before it starts.
         *
         * @param plug gets the machine
         * @return this
         */
        public Builder beforeStart(final Consumer<Machine> plug) {
            beforeStart = Objects.requireNonNull(plug, "plug");
            return this;
        }

        /**
         * Records from before the start, so the launch's own events (RESUME) are seen too.
         *
         * @return this
         */
        public Builder recordFromLaunch() {
            recordFromLaunch = true;
            return this;
        }

        /**
         * Builds and starts the machine.
         *
         * @return the rig
         */
        public MachineRig start() {
            return new MachineRig(this);
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
     * Runs a QMP command: on the control thread, waiting for it and the requests it posted.
     *
     * @param <T> the result type
     * @param command the command
     * @return its result
     * @throws CompletionException if it failed (the cause is its exception)
     */
    public <T> T qmp(final Callable<T> command) {
        return machine.submit(command).join();
    }

    /**
     * Runs a QMP command without a result; see {@link #qmp(Callable)}.
     *
     * @param command the command
     */
    public void qmp(final Runnable command) {
        machine.submit(command).join();
    }

    /**
     * Runs a command that must fail and returns why.
     *
     * @param command the command
     * @return the exception it threw
     * @throws AssertionError if it succeeded
     */
    public Throwable qmpFailure(final Runnable command) {
        try {
            qmp(command);
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the command succeeded");
    }

    /**
     * A device access as vCPU {@code index} would make it, on the control thread (qtest's path).
     *
     * @param index the vCPU
     * @param access the access
     */
    public void asVcpu(final int index, final Runnable access) {
        qmp(() -> machine.runAsVcpu(index, access));
    }

    /**
     * A device access with a result as vCPU {@code index}; see {@link #asVcpu(int, Runnable)}.
     *
     * @param <T> the result type
     * @param index the vCPU
     * @param access the access
     * @return its result
     */
    public <T> T asVcpu(final int index, final Callable<T> access) {
        List<T> result = new ArrayList<>(1);
        asVcpu(index, () -> {
            try {
                result.add(access.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return result.get(0);
    }

    /**
     * qtest's {@code clock_step}: advances stepped virtual time, running the timers due.
     *
     * @param ns how far
     * @return the virtual time after the step
     */
    public long clockStep(final long ns) {
        return qmp(() -> machine.stepVirtualClock(ns));
    }

    /**
     * qtest's {@code clock_set}: advances stepped virtual time to {@code targetNs}.
     *
     * @param targetNs the virtual time to reach
     * @return the virtual time after the step
     */
    public long clockSet(final long targetNs) {
        return qmp(() -> machine.setVirtualClock(targetNs));
    }

    /**
     * The machine's run state now.
     *
     * @return the state
     */
    public RunState state() {
        return machine.runState();
    }

    /**
     * The events recorded and not yet taken, including everything emitted before this call.
     *
     * @return the events in the bus's order
     */
    public List<RunStateEvent> events() {
        return recorded().stream().map(RecordedEvent::event).toList();
    }

    /**
     * The names of {@link #events()}.
     *
     * @return e.g. {@code [STOP, RESUME]}
     */
    public List<String> eventNames() {
        return recorded().stream().map(RecordedEvent::name).toList();
    }

    /**
     * The events not yet taken, with their delivery times, including everything emitted before
     * this call.
     *
     * @return the recorded events
     */
    public synchronized List<RecordedEvent> recorded() {
        sync();
        return List.copyOf(seen);
    }

    /**
     * {@link #events()}, then forgets them.
     *
     * @return the events since the last take
     */
    public synchronized List<RunStateEvent> takeEvents() {
        List<RunStateEvent> out = events();
        seen.clear();
        return out;
    }

    /** Forgets the events recorded so far. */
    public synchronized void clearEvents() {
        sync();
        seen.clear();
    }

    /**
     * Waits until an event of this name is among the recorded ones (another thread may cause it).
     *
     * @param name the QMP event name
     * @return the first such event not yet taken
     */
    public RunStateEvent awaitEvent(final String name) {
        return awaitRecorded(r -> r.name().equals(name)).event();
    }

    /**
     * Waits until an event of this type is among the recorded ones.
     *
     * @param <E> the type
     * @param type the event class
     * @return the first such event not yet taken
     */
    public <E extends RunStateEvent> E awaitEvent(final Class<E> type) {
        return type.cast(awaitRecorded(r -> type.isInstance(r.event())).event());
    }

    /**
     * Waits until at least {@code count} events are recorded and not yet taken.
     *
     * @param count how many
     * @param atMost how long to wait
     */
    public void awaitEventCount(final int count, final Duration atMost) {
        await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> recordedNow().size() >= count);
    }

    /**
     * Waits until the machine has ended.
     *
     * @return how it ended
     */
    public Termination awaitTermination() {
        return await().atMost(TIMEOUT).until(() -> machine.termination().getNow(null), Objects::nonNull);
    }

    /** Ends the machine if it still runs and joins its threads. */
    @Override
    public void close() {
        recorder.close();
        machine.close();
    }

    private RecordedEvent awaitRecorded(final Predicate<RecordedEvent> match) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            synchronized (this) {
                take();
                for (RecordedEvent r : seen) {
                    if (match.test(r)) {
                        return r;
                    }
                }
            }
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !delivered.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    throw new AssertionError("no such event within " + TIMEOUT + "; seen " + recorded());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for an event", e);
            }
        }
    }

    private synchronized List<RecordedEvent> recordedNow() {
        take();
        return List.copyOf(seen);
    }

    /** Takes what the recorder holds into {@link #seen}; true if the marker was among it. */
    private boolean take(final Object marker) {
        boolean found = false;
        for (Object o = recorder.poll(); o != null; o = recorder.poll()) {
            if (o instanceof RecordedEvent r) {
                seen.add(r);
            } else if (o == marker) {
                found = true;
            }
        }
        return found;
    }

    private void take() {
        take(null);
    }

    /** Posts a marker and takes everything up to it: all that was emitted before. */
    private void sync() {
        if (recorder.isOverflowed()) {
            throw new AssertionError("the event recorder overflowed");
        }
        Object marker = new Object();
        recorder.post(marker);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!take(marker)) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !delivered.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    throw new AssertionError("the event bus did not deliver within " + TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the event bus", e);
            }
        }
    }
}
