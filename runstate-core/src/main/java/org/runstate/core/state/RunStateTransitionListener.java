package org.runstate.core.state;

import org.runstate.core.qapi.RunState;

/**
 * Observes every state change of an {@link AtomicRunState} (QEMU's {@code runstate_set} trace
 * point). It runs on the thread that made the change, right after the change became visible, so
 * it must be quick and must not block. Changes made back to back by different threads may be reported
 * in either order (QEMU serialises them with the BQL; the machine makes all but the wakeup
 * transition on its control thread, so in practice they arrive in order).
 */
@FunctionalInterface
public interface RunStateTransitionListener {
    /**
     * Called after {@code from -> to} took effect (never for same-state no-ops).
     *
     * @param from the previous state
     * @param to the new state
     */
    void onTransition(RunState from, RunState to);
}
