package org.runstate.core;

import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;

/**
 * What only the control thread (QEMU's main loop, holding the BQL) may do, handed to
 * {@link Machine#submit(ControlCall)} and {@link Machine#submitAction(ControlAction)} bodies.
 * Every run-state change made here goes through the machine's transition funnel, with QEMU's
 * events and VM change-state notifications. Each method checks that it runs on the control thread
 * and throws {@link IllegalStateException} otherwise (a context kept past its task and used from
 * another thread).
 */
public final class ControlContext {
    private final Machine machine;
    private final RunControl control;

    ControlContext(final Machine machine, final RunControl control) {
        this.machine = machine;
        this.control = control;
    }

    /**
     * The run-state QMP commands, with QEMU's checks and error texts ({@code stop}, {@code cont},
     * {@code quit}, ...).
     *
     * @return the commands
     */
    public RunStateCommands commands() {
        return machine.commands();
    }

    /**
     * The machine this context controls.
     *
     * @return the machine
     */
    public Machine machine() {
        return machine;
    }

    /**
     * {@code vm_start}: RESUME, {@code running}, change-state handlers, vCPUs resumed; nothing if
     * the VM already runs. Unlike QMP {@code cont} it does not check for a needed reset.
     */
    public void vmStart() {
        machine.requireControlThread("ControlContext.vmStart()");
        control.vmStart();
    }

    /**
     * {@code vm_stop}, synchronous: if the VM runs, enters {@code target}, pauses every vCPU,
     * notifies the change-state handlers and emits STOP; otherwise does nothing. From other threads
     * stop with {@link SystemRequests#vmstop}.
     *
     * @param target the stopped state to enter
     * @throws org.runstate.core.state.InvalidRunStateTransitionException if the table forbids
     *     {@code running -> target}
     */
    public void vmStop(final RunState target) {
        machine.requireControlThread("ControlContext.vmStop(RunState)");
        control.vmStop(target);
    }

    /**
     * {@code vm_stop_force_state}: stops if running, otherwise enters {@code target} directly with
     * no STOP (migration and snapshot code use it).
     *
     * @param target the state to enter
     * @throws org.runstate.core.state.InvalidRunStateTransitionException if the table forbids it
     */
    public void vmStopForceState(final RunState target) {
        machine.requireControlThread("ControlContext.vmStopForceState(RunState)");
        control.vmStopForceState(target);
    }

    /** {@code pause_all_vcpus}: disables virtual-clock timers and waits for every vCPU to park. */
    public void pauseAllVcpus() {
        machine.requireControlThread("ControlContext.pauseAllVcpus()");
        control.pauseAllVcpus();
    }

    /** {@code resume_all_vcpus}: resumes the vCPUs if the state is {@code running}, else nothing. */
    public void resumeAllVcpus() {
        machine.requireControlThread("ControlContext.resumeAllVcpus()");
        control.resumeAllVcpus();
    }

    /**
     * {@code qemu_system_reset}: runs the reset handlers, resets the vCPUs, emits RESET unless the
     * cause is none, subsystem-reset or snapshot-load. Call with the vCPUs paused; a guest or host
     * reset from elsewhere is {@link SystemRequests#reset}.
     *
     * @param cause why
     */
    public void systemReset(final ShutdownCause cause) {
        machine.requireControlThread("ControlContext.systemReset(ShutdownCause)");
        control.systemReset(cause);
    }
}
