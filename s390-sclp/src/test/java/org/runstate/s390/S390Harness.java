package org.runstate.s390;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.core.Termination;
import org.runstate.core.event.EventSubscription;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;

/**
 * A started {@code -M s390-ccw-virtio -S} machine with the s390 model attached, driven the way the
 * s390 scenarios drive the launcher: QMP commands and qtest lines both run on the control thread,
 * one at a time, each followed by request processing; events are recorded in the bus order.
 */
final class S390Harness implements AutoCloseable {
    static final long RAM = S390Machine.DEFAULT_RAM_BYTES;

    final S390Machine s390;
    final Machine machine;
    private final EventSubscription subscription;
    private final List<RunStateEvent> seen = new ArrayList<>();

    private S390Harness(final int smp, final long ram, final ActionCommandLine actions) {
        s390 = new S390Machine(smp, ram);
        machine = Machine.builder().vcpus(smp).autostart(false).nmi(s390.nmiHandler())
                .actions(actions.toCommand()).errorReport(s -> { }).build();
        s390.attach(machine);
        subscription = machine.events().subscribe(4096, true, () -> { });
        machine.start();
    }

    /**
     * Launches in prelaunch ({@code -S}).
     *
     * @param smp {@code -smp}
     * @param actions the action options ({@code -action}, {@code -no-shutdown}, {@code -no-reboot})
     * @return the harness
     */
    static S390Harness launch(final int smp, final Consumer<ActionCommandLine> actions) {
        return launch(smp, RAM, actions);
    }

    static S390Harness launch(final int smp, final long ram, final Consumer<ActionCommandLine> actions) {
        ActionCommandLine cli = new ActionCommandLine();
        actions.accept(cli);
        return new S390Harness(smp, ram, cli);
    }

    /** Launches, sends {@code cont} and forgets its RESUME: the guest is running. */
    static S390Harness running(final int smp, final Consumer<ActionCommandLine> actions) {
        return running(smp, RAM, actions);
    }

    static S390Harness running(final int smp, final long ram, final Consumer<ActionCommandLine> actions) {
        S390Harness h = launch(smp, ram, actions);
        h.cont();
        h.takeEvents();
        return h;
    }

    static S390Harness running(final Consumer<ActionCommandLine> actions) {
        return running(1, actions);
    }

    static S390Harness running() {
        return running(1, a -> { });
    }

    static Consumer<ActionCommandLine> action(final String keyValues) {
        return a -> a.action(keyValues);
    }

    /** One qtest line, as the launcher runs it: on the control thread. */
    String io(final String line) {
        return machine.submit(() -> s390.qtest(line.trim().split("\\s+"))).join();
    }

    void qmp(final Runnable command) {
        machine.submit(() -> {
            command.run();
            return null;
        }).join();
    }

    /** Runs a QMP command that must fail and returns its error text. */
    String qmpError(final Runnable command) {
        try {
            qmp(command);
        } catch (CompletionException e) {
            return e.getCause().getMessage();
        }
        throw new AssertionError("the command succeeded");
    }

    void cont() {
        qmp(() -> machine.commands().cont());
    }

    void systemReset() {
        qmp(() -> machine.commands().systemReset());
    }

    void systemPowerdown() {
        qmp(() -> machine.commands().systemPowerdown());
    }

    void injectNmi() {
        qmp(() -> machine.commands().injectNmi());
    }

    void quit() {
        qmp(() -> machine.commands().quit());
    }

    RunState state() {
        return machine.runState();
    }

    /** The events since the last call, in bus order; everything emitted so far is included. */
    List<RunStateEvent> takeEvents() {
        Object marker = new Object();
        machine.events().post(subscription, marker);
        boolean[] done = new boolean[1];
        fastAwait().until(() -> {
            subscription.drain(o -> {
                if (o == marker) {
                    done[0] = true;
                } else if (o instanceof TimestampedEvent) {
                    seen.add(((TimestampedEvent) o).event());
                }
            });
            return done[0];
        });
        List<RunStateEvent> out = List.copyOf(seen);
        seen.clear();
        return out;
    }

    /**
     * Waits for an event another thread causes, then takes the events since the last call up to
     * it. The run state changes before the event that announces it (QEMU's do_vm_stop sets the
     * state, then sends STOP), so tests wait for the event, never for the state.
     */
    List<RunStateEvent> takeEventsThrough(final String eventName) {
        fastAwait().until(() -> {
            subscription.drain(o -> {
                if (o instanceof TimestampedEvent) {
                    seen.add(((TimestampedEvent) o).event());
                }
            });
            return seen.stream().anyMatch(e -> e.eventName().equals(eventName));
        });
        return takeEvents();
    }

    List<String> takeEventNames() {
        return takeEvents().stream().map(RunStateEvent::eventName).toList();
    }

    Termination awaitTermination() {
        return fastAwait().until(() -> machine.termination().getNow(null), t -> t != null);
    }

    long read(final long addr, final int size) {
        return s390.memRead(addr, size);
    }

    void write(final long addr, final int size, final long value) {
        s390.memWrite(addr, size, value);
    }

    /** Awaitility polling at once and then every millisecond: these waits are usually short. */
    static org.awaitility.core.ConditionFactory fastAwait() {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    @Override
    public void close() {
        machine.close();
    }
}
