package org.runstate.core;

import java.util.function.Consumer;
import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.MemoryFailureAction;
import org.runstate.core.qapi.MemoryFailureEvent;
import org.runstate.core.qapi.MemoryFailureFlags;
import org.runstate.core.qapi.MemoryFailureRecipient;
import org.runstate.core.qapi.NotifyVmexitOption;
import org.runstate.core.qapi.RunState;

/**
 * Reports from the accelerator that are not guest requests: host memory failures
 * (MEMORY_FAILURE, not rate-limited) and KVM notify VM exits with the {@code notify-vmexit}
 * policy. Any thread may call them; an embedder's engine calls them from its vCPU thread.
 */
public final class HostIncidents {
    private final EventBus events;
    private final RunControl control;
    private final Consumer<String> warn;
    private volatile NotifyVmexitOption notifyVmexit = NotifyVmexitOption.RUN;
    private volatile boolean notifyWarned;

    HostIncidents(final EventBus events, final RunControl control, final Consumer<String> warn) {
        this.events = events;
        this.control = control;
        this.warn = warn;
    }

    /**
     * Emits MEMORY_FAILURE. What follows (a guest reset, or exit status 1 for a fatal hypervisor
     * failure) is the caller's to request, as in QEMU's x86 code.
     *
     * @param recipient who receives the failure
     * @param action what was done
     * @param flags details
     */
    public void memoryFailure(final MemoryFailureRecipient recipient, final MemoryFailureAction action,
            final MemoryFailureFlags flags) {
        events.emit(new MemoryFailureEvent(recipient, action, flags));
    }

    /**
     * Sets the {@code -accel kvm,notify-vmexit=} option.
     *
     * @param option the policy
     */
    public void setNotifyVmexit(final NotifyVmexitOption option) {
        notifyVmexit = option;
    }

    /**
     * The {@code notify-vmexit} policy.
     *
     * @return the policy
     */
    public NotifyVmexitOption notifyVmexit() {
        return notifyVmexit;
    }

    /**
     * A KVM notify VM exit: with an invalid context, or policy {@code internal-error}, the VM stops
     * in {@code internal-error} (STOP, and {@code cont} refused until reset); otherwise QEMU warns
     * once and the guest goes on.
     *
     * @param contextValid whether KVM reported the VM context as valid
     * @return true if the VM is being stopped
     */
    public boolean notifyVmexit(final boolean contextValid) {
        String msg = "Encounter a notify exit with " + (contextValid ? "valid" : "invalid")
                + " context in guest. There can be possible misbehaves in guest. Please have a look.";
        if (!contextValid || notifyVmexit == NotifyVmexitOption.INTERNAL_ERROR) {
            warn.accept("KVM internal error: " + msg);
            control.vmStop(RunState.INTERNAL_ERROR);
            return true;
        }
        if (!notifyWarned) {
            notifyWarned = true;
            warn.accept("KVM: " + msg);
        }
        return false;
    }
}
