package org.runstate.core;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.StopEvent;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * Starting, stopping and resetting the VM: QEMU's softmmu/cpus.c ({@code vm_start},
 * {@code vm_stop}, {@code vm_prepare_start}, {@code vm_stop_force_state}, pause/resume of all
 * vCPUs) and {@code qemu_system_reset}, with the same STOP/RESUME/RESET rules. Internal: embedders
 * reach these through {@link ControlContext} on the control thread, or post a request.
 *
 * <p>Synchronous stops happen only on the control thread. {@link #vmStop} from vCPU context turns
 * into a request plus "stop this vCPU", exactly as in QEMU; from any other thread it is a request.
 */
final class RunControl {
    private final RunStateFunnel state;
    private final VcpuRunLoop vcpus;
    private final VirtualClock clock;
    private final EventBus events;
    private final SystemRequests requests;
    private final List<ResetHandler> resetHandlers;
    private final BooleanSupplier inControlThread;

    RunControl(final RunStateFunnel state, final VcpuRunLoop vcpus, final VirtualClock clock, final EventBus events,
            final SystemRequests requests,
            final List<ResetHandler> resetHandlers, final BooleanSupplier inControlThread) {
        this.state = state;
        this.vcpus = vcpus;
        this.clock = clock;
        this.events = events;
        this.requests = requests;
        this.resetHandlers = resetHandlers;
        this.inControlThread = inControlThread;
    }

    /**
     * {@code vm_stop}: from the control thread, stops synchronously (STOP only on a real running
     * edge); from vCPU context or another thread, posts a vmstop request (and parks the calling
     * vCPU), which the control thread turns into the stop.
     *
     * @param target the stopped state to enter
     */
    void vmStop(final RunState target) {
        if (VcpuRunLoop.current() != null || !inControlThread.getAsBoolean()) {
            requests.vmstop(target);
            vcpus.stopCurrent();
            return;
        }
        doVmStop(target, true);
    }

    /**
     * {@code vm_stop_force_state}: stops if running, otherwise sets {@code target} directly with no
     * STOP and no vCPU pause. Control thread only.
     *
     * @param target the state to enter
     * @throws org.runstate.core.state.InvalidRunStateTransitionException if the table forbids it
     */
    void vmStopForceState(final RunState target) {
        if (state.isRunning()) {
            vmStop(target);
        } else {
            state.transition(target);
        }
    }

    /**
     * {@code vm_prepare_start}: consumes a pending vmstop request; if the VM already runs, emits
     * STOP then RESUME when a request was pending and returns false; otherwise emits RESUME,
     * enables ticks, enters {@code running}, notifies handlers and returns true.
     *
     * @return true when the caller should resume the vCPUs
     */
    boolean vmPrepareStart() {
        RunState pending = requests.takeVmstop();
        if (state.isRunning()) {
            if (pending != null) {
                // keeps "a STOP always follows BLOCK_IO_ERROR" true even though the stop is swallowed
                events.emit(StopEvent.INSTANCE);
                events.emit(ResumeEvent.INSTANCE);
            }
            return false;
        }
        events.emit(ResumeEvent.INSTANCE);
        clock.enableTicks();
        state.transition(RunState.RUNNING);
        state.notifyChangeHandlers(true, RunState.RUNNING);
        return true;
    }

    /** {@code vm_start}: {@link #vmPrepareStart()} then resumes the vCPUs. Control thread only. */
    void vmStart() {
        if (vmPrepareStart()) {
            resumeAllVcpus();
        }
    }

    /** {@code pause_all_vcpus}: disables virtual-clock timers and waits for every vCPU to park. */
    void pauseAllVcpus() {
        clock.setEnabled(false);
        vcpus.pauseAll();
    }

    /** {@code resume_all_vcpus}: does nothing unless the state is {@code running}. */
    void resumeAllVcpus() {
        if (!state.isRunning()) {
            return;
        }
        clock.setEnabled(true);
        vcpus.resumeAll();
    }

    /**
     * {@code qemu_system_reset}: resets devices (registration order) and vCPUs, then emits RESET
     * unless the cause is none, subsystem-reset or snapshot-load. Call with the vCPUs paused.
     *
     * @param cause why
     */
    void systemReset(final ShutdownCause cause) {
        for (ResetHandler h : resetHandlers) {
            h.reset(cause);
        }
        vcpus.resetAll();
        if (cause != ShutdownCause.NONE && cause != ShutdownCause.SUBSYSTEM_RESET
                && cause != ShutdownCause.SNAPSHOT_LOAD) {
            events.emit(new ResetEvent(isGuestCause(cause), cause));
        }
    }

    /** {@code vm_shutdown}: the stop done at exit, which sends no STOP. */
    void vmShutdown() {
        doVmStop(RunState.SHUTDOWN, false);
    }

    /**
     * {@code shutdown_caused_by_guest}: every cause from guest-shutdown on (so subsystem-reset
     * and snapshot-load count as "guest" too, a QEMU quirk kept on purpose).
     *
     * @param cause a cause
     * @return whether the guest caused it
     */
    static boolean isGuestCause(final ShutdownCause cause) {
        return cause.ordinal() >= ShutdownCause.GUEST_SHUTDOWN.ordinal();
    }

    private void doVmStop(final RunState target, final boolean sendStop) {
        if (!state.isRunning()) {
            return;
        }
        state.transition(target);
        clock.disableTicks();
        pauseAllVcpus();
        state.notifyChangeHandlers(false, target);
        if (sendStop) {
            events.emit(StopEvent.INSTANCE);
        }
    }
}
