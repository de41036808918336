package org.runstate.core.state;

import org.runstate.core.qapi.RunState;

/**
 * Observes every state change of an {@link AtomicRunState} (QEMU's {@code runstate_set} trace
 * point). It runs on the thread that made the change, right after the change became visible, so
 * it must be quick and must not block.
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
