package org.runstate.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.runstate.core.qapi.RebootAction;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * QEMU's system request slots (softmmu/runstate.c): shutdown, reset, powerdown, suspend, wakeup,
 * debug and vmstop. Any thread may post; the control thread takes them in
 * {@code main_loop_should_exit} order. Each slot is one atomic word, so repeated requests before
 * processing collapse into one, and for shutdown, reset and vmstop the last writer wins.
 */
public final class SystemRequests {
    private static final VarHandle SHUTDOWN;
    private static final VarHandle RESET;
    private static final VarHandle POWERDOWN;
    private static final VarHandle SUSPEND;
    private static final VarHandle DEBUG;
    private static final VarHandle VMSTOP;
    private static final VarHandle WAKEUP;
    /** "No vmstop request": QEMU uses RUN_STATE__MAX. */
    private static final int NO_VMSTOP = RunState.values().length;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SHUTDOWN = l.findVarHandle(SystemRequests.class, "shutdownRequested", int.class);
            RESET = l.findVarHandle(SystemRequests.class, "resetRequested", int.class);
            POWERDOWN = l.findVarHandle(SystemRequests.class, "powerdownRequested", int.class);
            SUSPEND = l.findVarHandle(SystemRequests.class, "suspendRequested", int.class);
            DEBUG = l.findVarHandle(SystemRequests.class, "debugRequested", int.class);
            VMSTOP = l.findVarHandle(SystemRequests.class, "vmstopRequested", int.class);
            WAKEUP = l.findVarHandle(SystemRequests.class, "wakeupReason", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Each slot holds an ordinal; 0 is ShutdownCause.NONE / WakeupReason.NONE / "not requested".
    @SuppressWarnings("unused") private volatile int shutdownRequested;
    @SuppressWarnings("unused") private volatile int resetRequested;
    @SuppressWarnings("unused") private volatile int powerdownRequested;
    @SuppressWarnings("unused") private volatile int suspendRequested;
    @SuppressWarnings("unused") private volatile int debugRequested;
    @SuppressWarnings("unused") private volatile int vmstopRequested = NO_VMSTOP;
    @SuppressWarnings("unused") private volatile int wakeupReason;
    /** Bit per {@link WakeupReason}; all but NONE enabled at start, as in QEMU. */
    private volatile int wakeupReasonMask = ~1;
    private volatile int killSignal = -1;
    private volatile long killPid;
    private volatile boolean cpusResettable = true;

    private final RunStateFunnel state;
    private final RunStateActions actions;
    private final VcpuRunLoop vcpus;
    private final Runnable notifyMainLoop;
    private final Consumer<String> errorReport;

    SystemRequests(final RunStateFunnel state, final RunStateActions actions, final VcpuRunLoop vcpus,
            final Runnable notifyMainLoop, final Consumer<String> errorReport) {
        this.state = state;
        this.actions = actions;
        this.vcpus = vcpus;
        this.notifyMainLoop = notifyMainLoop;
        this.errorReport = errorReport;
    }

    /**
     * {@code qemu_system_shutdown_request}: the guest keeps running until the control thread
     * processes it.
     *
     * @param cause why (must not be {@link ShutdownCause#NONE})
     */
    public void shutdown(final ShutdownCause cause) {
        requireCause(cause);
        SHUTDOWN.setVolatile(this, cause.ordinal());
        notifyMainLoop.run();
    }

    /**
     * {@code qemu_system_reset_request}: with reboot action {@code shutdown} (and a cause other
     * than subsystem-reset) this is a shutdown request instead. Stops the calling vCPU.
     *
     * @param cause why (must not be {@link ShutdownCause#NONE})
     */
    public void reset(final ShutdownCause cause) {
        requireCause(cause);
        if (actions.reboot() == RebootAction.SHUTDOWN && cause != ShutdownCause.SUBSYSTEM_RESET) {
            SHUTDOWN.setVolatile(this, cause.ordinal());
        } else if (!cpusResettable) {
            errorReport.accept("cpus are not resettable, terminating");
            SHUTDOWN.setVolatile(this, cause.ordinal());
        } else {
            RESET.setVolatile(this, cause.ordinal());
        }
        vcpus.stopCurrent();
        notifyMainLoop.run();
    }

    /** {@code qemu_system_powerdown_request}: POWERDOWN then the powerdown notifiers, later. */
    public void powerdown() {
        POWERDOWN.setVolatile(this, 1);
        notifyMainLoop.run();
    }

    /**
     * {@code qemu_system_suspend_request} (guest ACPI S3): ignored when already suspended; stops
     * the calling vCPU.
     */
    public void suspend() {
        if (state.check(RunState.SUSPENDED)) {
            return;
        }
        SUSPEND.setVolatile(this, 1);
        vcpus.stopCurrent();
        notifyMainLoop.run();
    }

    /**
     * {@code qemu_system_wakeup_request}: moves a suspended VM to {@code running} at once, in the
     * caller's context (no RESUME), and leaves the rest to the control thread.
     *
     * @param reason why; a reason the guest has not enabled is dropped silently
     * @throws RunStateCommandException {@code Unable to wake up: guest is not in suspended state}
     */
    public void wakeup(final WakeupReason reason) {
        if (!state.check(RunState.SUSPENDED)) {
            throw new RunStateCommandException("Unable to wake up: guest is not in suspended state");
        }
        if ((wakeupReasonMask & (1 << reason.ordinal())) == 0) {
            return;
        }
        // QEMU checks then sets under the BQL; the CAS makes the pair atomic without it
        if (!state.transitionFrom(RunState.SUSPENDED, RunState.RUNNING)) {
            throw new RunStateCommandException("Unable to wake up: guest is not in suspended state");
        }
        WAKEUP.setVolatile(this, reason.ordinal());
        notifyMainLoop.run();
    }

    /**
     * {@code qemu_system_wakeup_enable}: lets the guest enable or mask RTC and PM-timer wakeups.
     *
     * @param reason the reason
     * @param enabled whether it may wake the guest
     */
    public void setWakeupEnabled(final WakeupReason reason, final boolean enabled) {
        int bit = 1 << reason.ordinal();
        synchronized (this) {
            wakeupReasonMask = enabled ? wakeupReasonMask | bit : wakeupReasonMask & ~bit;
        }
    }

    /** {@code qemu_system_debug_request} (gdbstub breakpoint). */
    public void debug() {
        DEBUG.setVolatile(this, 1);
        notifyMainLoop.run();
    }

    /**
     * Stops the VM from any thread: {@code qemu_system_vmstop_request}; the control thread will
     * {@code vm_stop(target)} (STOP only if it was running). The last request before processing
     * wins. An event emitted before this call is always delivered before the STOP it causes. On a
     * vCPU thread the calling vCPU also parks after its slice, as QEMU's {@code vm_stop} in vCPU
     * context does ({@code cpu_stop_current}). On the control thread, stop synchronously with
     * {@link ControlContext#vmStop} instead; QMP's {@code stop} is {@link RunStateCommands#stop}.
     *
     * @param target the stopped state to enter
     */
    public void vmstop(final RunState target) {
        VMSTOP.setVolatile(this, target.ordinal());
        vcpus.stopCurrent();
        notifyMainLoop.run();
    }

    /**
     * {@code qemu_system_killed}: a host signal. Forces shutdown action poweroff, so the VM exits
     * even with {@code -no-shutdown}.
     *
     * @param signal the signal number
     * @param pid the sender, or 0 when unknown
     */
    public void killed(final int signal, final long pid) {
        killPid = pid;
        killSignal = signal;
        actions.forcePoweroff();
        SHUTDOWN.setVolatile(this, ShutdownCause.HOST_SIGNAL.ordinal());
        notifyMainLoop.run();
    }

    /**
     * Sets whether guest resets are possible ({@code cpus_are_resettable}); when not, a reset
     * request terminates the VM, as for SEV-ES guests under KVM.
     *
     * @param resettable the new value
     */
    public void setCpusResettable(final boolean resettable) {
        cpusResettable = resettable;
    }

    ShutdownCause takeShutdown() {
        return ShutdownCause.values()[(int) SHUTDOWN.getAndSet(this, 0)];
    }

    ShutdownCause takeReset() {
        return ShutdownCause.values()[(int) RESET.getAndSet(this, 0)];
    }

    boolean takePowerdown() {
        return (int) POWERDOWN.getAndSet(this, 0) != 0;
    }

    boolean takeSuspend() {
        return (int) SUSPEND.getAndSet(this, 0) != 0;
    }

    boolean takeDebug() {
        return (int) DEBUG.getAndSet(this, 0) != 0;
    }

    /** Returns and clears the pending vmstop state, or null. */
    RunState takeVmstop() {
        int s = (int) VMSTOP.getAndSet(this, NO_VMSTOP);
        return s == NO_VMSTOP ? null : RunState.values()[s];
    }

    /** The pending wakeup reason, not cleared: QEMU clears it after the wakeup notifiers ran. */
    WakeupReason pendingWakeup() {
        return WakeupReason.values()[(int) WAKEUP.getVolatile(this)];
    }

    void clearWakeup() {
        WAKEUP.setVolatile(this, 0);
    }

    /** {@code qemu_kill_report}: the line QEMU prints when a signal caused the shutdown, once. */
    String takeKillReport() {
        int sig = killSignal;
        if (sig < 0) {
            return null;
        }
        killSignal = -1;
        return killPid == 0 ? "terminating on signal " + sig
                : "terminating on signal " + sig + " from pid " + killPid + " (" + processName(killPid) + ")";
    }

    private static String processName(final long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("<unknown process>");
    }

    private static void requireCause(final ShutdownCause cause) {
        if (cause == ShutdownCause.NONE) {
            throw new IllegalArgumentException("a request needs a cause other than none");
        }
    }
}
