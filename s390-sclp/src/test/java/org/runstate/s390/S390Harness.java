package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.core.Termination;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformation;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.StopEvent;
import org.runstate.testkit.MachineRig;

/**
 * A started {@code -M s390-ccw-virtio -S} machine with the s390 model attached, driven the way the
 * s390 scenarios drive the launcher: QMP commands and qtest lines both run on the control thread,
 * one at a time, each followed by request processing; events are recorded in the bus order
 * (from launch on) by the kit's {@link MachineRig}.
 */
final class S390Harness implements AutoCloseable {
    static final long RAM = S390Machine.DEFAULT_RAM_BYTES;

    final S390Machine s390;
    final Machine machine;
    private final MachineRig rig;

    private S390Harness(final int smp, final long ram, final ActionCommandLine actions) {
        s390 = new S390Machine(smp, ram);
        rig = MachineRig.builder()
                .configure(b -> b.vcpus(smp).autostart(false).nmi(s390.nmiHandler()).actions(actions.toCommand())
                        .errorReport(s -> { }))
                .beforeStart(s390::attach).recordFromLaunch().start();
        machine = rig.machine();
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
        return rig.qmp(() -> s390.qtest(line.trim().split("\\s+")));
    }

    void qmp(final Runnable command) {
        rig.qmp(command);
    }

    /** Runs a QMP command that must fail and returns its error text. */
    String qmpError(final Runnable command) {
        return rig.qmpFailure(command).getMessage();
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
        return rig.takeEvents();
    }

    /**
     * Waits for an event another thread causes, then takes the events since the last call up to
     * it. The run state changes before the event that announces it (QEMU's do_vm_stop sets the
     * state, then sends STOP), so tests wait for the event, never for the state.
     */
    List<RunStateEvent> takeEventsThrough(final String eventName) {
        rig.awaitEvent(eventName);
        return takeEvents();
    }

    /** Asserts that a guest panic with {@code info} was reported and paused the VM: GUEST_PANICKED, then STOP. */
    void expectPausedByPanic(final GuestPanicInformation info) {
        assertThat(takeEvents()).containsExactly(
                new GuestPanickedEvent(GuestPanicAction.PAUSE, info), StopEvent.INSTANCE);
        assertThat(state()).isEqualTo(RunState.GUEST_PANICKED);
    }

    List<String> takeEventNames() {
        return takeEvents().stream().map(RunStateEvent::eventName).toList();
    }

    Termination awaitTermination() {
        return rig.awaitTermination();
    }

    long read(final long addr, final int size) {
        return s390.memRead(addr, size);
    }

    void write(final long addr, final int size, final long value) {
        s390.memWrite(addr, size, value);
    }

    @Override
    public void close() {
        rig.close();
    }
}
