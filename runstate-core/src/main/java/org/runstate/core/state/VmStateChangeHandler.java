package org.runstate.core.state;

import org.runstate.core.qapi.RunState;

/**
 * A VM change-state handler ({@code VMChangeStateHandler}): told when the VM starts or stops.
 * Handlers run on the control thread, outside any lock. Suspend and wakeup do not call them (no
 * STOP/RESUME either), exactly as in QEMU 7.2.
 */
@FunctionalInterface
public interface VmStateChangeHandler {
    /**
     * Called on each start ({@code running == true}, {@code state == running}) and each stop.
     *
     * @param running whether the VM is now running
     * @param state the new run state
     */
    void onVmStateChange(boolean running, RunState state);
}
