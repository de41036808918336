package org.runstate.core;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.UnaryOperator;
import org.runstate.core.event.EventSubscription;
import org.runstate.core.event.SubscriptionOptions;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuExit;

/** A started machine with a counting engine, an event recorder and helpers to act as QMP or a guest. */
final class MachineHarness implements AutoCloseable {
    final AtomicLongArray slices;
    final Machine machine;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final EventSubscription events;
    private final List<RunStateEvent> seen = new ArrayList<>();

    MachineHarness(final int vcpus, final UnaryOperator<Machine.Builder> config) {
        slices = new AtomicLongArray(vcpus);
        VcpuEngine counting = vcpu -> {
            slices.incrementAndGet(vcpu.index());
            Thread.yield();
            return VcpuExit.CONTINUE;
        };
        machine = config.apply(Machine.builder().vcpus(vcpus).engine(counting).errorReport(stderr::add).stderr(stderr::add)).build();
        machine.start();
        // like a QMP client, listen only after launch: nobody ever sees the initial RESUME
        events = machine.events().subscribe(SubscriptionOptions.withCapacity(4096));
    }

    static MachineHarness start(final UnaryOperator<Machine.Builder> config) {
        return new MachineHarness(1, config);
    }

    /** Runs a command on the control thread, as QMP does, and waits for it (requests included). */
    <T> T qmp(final Callable<T> command) {
        return machine.submit(command).join();
    }

    void qmp(final Runnable command) {
        qmp(() -> {
            command.run();
            return null;
        });
    }

    /** Runs a device access as vCPU 0 would (the qtest path), followed by request processing. */
    void guest(final Runnable access) {
        qmp(() -> machine.runAsVcpu(0, access));
    }

    /** Event names received so far, in order. */
    List<String> eventNames() {
        drain();
        return seen.stream().map(RunStateEvent::eventName).toList();
    }

    List<RunStateEvent> events() {
        drain();
        return List.copyOf(seen);
    }

    void clearEvents() {
        drain();
        seen.clear();
    }

    void awaitEvents(final int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> eventNames().size() >= count);
    }

    RunState state() {
        return machine.runState();
    }

    Termination awaitTermination() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> machine.termination().getNow(null), t -> t != null);
    }

    private void drain() {
        events.drain(e -> seen.add(e.event()), Integer.MAX_VALUE);
    }

    @Override
    public void close() {
        machine.close();
    }
}
