package org.runstate.core;

import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.StatusInfo;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/**
 * The run-state QMP commands with QEMU 7.2's semantics (monitor/qmp-cmds.c, softmmu/cpus.c,
 * softmmu/runstate-action.c): checks in QEMU's order and QEMU's error texts. The commands that
 * change the run state run on the control thread only, as QEMU runs commands under the BQL in the
 * main loop, and throw {@link IllegalStateException} elsewhere: use
 * {@code machine.submit(ctx -> ctx.commands().stop())} from other threads.
 */
public final class RunStateCommands {
    private final Machine machine;
    private final RunStateFunnel state;
    private final RunControl control;
    private final SystemRequests requests;
    private final RunStateActions actions;
    private volatile boolean autostart;

    RunStateCommands(final Machine machine, final RunStateFunnel state, final RunControl control,
            final boolean autostart) {
        this.machine = machine;
        this.state = state;
        this.control = control;
        this.requests = machine.requests();
        this.actions = machine.actions();
        this.autostart = autostart;
    }

    /**
     * {@code query-status}; never fails. Any thread may call it.
     *
     * @return running, singlestep and status
     */
    public StatusInfo queryStatus() {
        RunState s = state.get();
        return new StatusInfo(s == RunState.RUNNING, machine.singlestep(), s);
    }

    /**
     * {@code stop}: in {@code inmigrate} only clears autostart; otherwise {@code vm_stop(paused)},
     * which emits STOP only if the VM was running.
     */
    public void stop() {
        machine.requireControlThread("RunStateCommands.stop()");
        if (state.check(RunState.INMIGRATE)) {
            autostart = false;
        } else {
            control.vmStop(RunState.PAUSED);
        }
    }

    /**
     * {@code cont}, checked in QEMU's order: needs-reset states refuse, {@code suspended} is a
     * silent no-op, {@code finish-migrate} refuses, {@code inmigrate} only sets autostart,
     * otherwise {@code vm_start} (RESUME only if it was stopped).
     *
     * @throws RunStateCommandException with QEMU's message
     */
    public void cont() {
        machine.requireControlThread("RunStateCommands.cont()");
        if (state.needsReset()) {
            throw new RunStateCommandException("Resetting the Virtual Machine is required");
        }
        if (state.check(RunState.SUSPENDED)) {
            return;
        }
        if (state.check(RunState.FINISH_MIGRATE)) {
            throw new RunStateCommandException("Migration is not finalized yet");
        }
        if (state.check(RunState.INMIGRATE)) {
            autostart = true;
            return;
        }
        control.vmStart();
    }

    /** {@code system_reset}: a reset request (host-qmp-system-reset); always succeeds. */
    public void systemReset() {
        machine.requireControlThread("RunStateCommands.systemReset()");
        requests.reset(ShutdownCause.HOST_QMP_SYSTEM_RESET);
    }

    /** {@code system_powerdown}: a powerdown request; POWERDOWN follows in any state. */
    public void systemPowerdown() {
        machine.requireControlThread("RunStateCommands.systemPowerdown()");
        requests.powerdown();
    }

    /**
     * {@code system_wakeup}.
     *
     * @throws RunStateCommandException {@code wake-up from suspend is not supported by this guest}
     *     or {@code Unable to wake up: guest is not in suspended state}
     */
    public void systemWakeup() {
        machine.requireControlThread("RunStateCommands.systemWakeup()");
        if (!machine.wakeupSupported()) {
            throw new RunStateCommandException("wake-up from suspend is not supported by this guest");
        }
        requests.wakeup(WakeupReason.OTHER);
    }

    /** {@code quit}: forces shutdown action poweroff, then requests shutdown (host-qmp-quit). */
    public void quit() {
        machine.requireControlThread("RunStateCommands.quit()");
        actions.forcePoweroff();
        requests.shutdown(ShutdownCause.HOST_QMP_QUIT);
    }

    /**
     * {@code set-action}; never fails.
     *
     * @param command the actions to change
     */
    public void setAction(final SetActionCommand command) {
        actions.set(command);
    }

    /**
     * {@code watchdog-set-action}; never fails.
     *
     * @param command the new action
     */
    public void watchdogSetAction(final WatchdogSetActionCommand command) {
        actions.setWatchdog(command.action());
    }

    /**
     * {@code inject-nmi}: works in any run state.
     *
     * @throws RunStateCommandException {@code this feature or command is not currently supported}
     *     when the machine has no NMI handler
     */
    public void injectNmi() {
        machine.requireControlThread("RunStateCommands.injectNmi()");
        machine.injectNmi();
    }

    /**
     * Whether the VM starts when an incoming migration completes ({@code -S} clears it; {@code
     * stop}/{@code cont} in {@code inmigrate} change it).
     *
     * @return the autostart flag
     */
    public boolean autostart() {
        return autostart;
    }
}
