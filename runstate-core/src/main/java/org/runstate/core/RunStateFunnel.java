package org.runstate.core;

import org.runstate.core.qapi.RunState;
import org.runstate.core.state.AtomicRunState;
import org.runstate.core.state.InvalidRunStateTransitionException;
import org.runstate.core.state.VmStateChangeHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a machine's run state changes (Aeron's {@code Election.state()} pattern): every
 * transition is validated against QEMU's table by the lock-free {@link AtomicRunState}, traced
 * (SLF4J {@code TRACE} here, and the builder's transition listener inside the state word), and the
 * VM change-state handlers are notified through it. The state word itself is never handed out, so
 * an embedder cannot change the state behind the events' back; it reads it with
 * {@link Machine#runState()}.
 *
 * <p>Events (STOP, RESUME, SUSPEND, ...) stay with the callers: QEMU emits them at fixed points
 * around the transition, and that order is what a QMP client sees.
 */
final class RunStateFunnel {
    private static final Logger LOG = LoggerFactory.getLogger(RunStateFunnel.class);

    private final AtomicRunState state;
    private final VmStateChangeHandlers changeHandlers;

    RunStateFunnel(final AtomicRunState state, final VmStateChangeHandlers changeHandlers) {
        this.state = state;
        this.changeHandlers = changeHandlers;
    }

    /**
     * {@code runstate_set}.
     *
     * @param to the new state
     * @throws InvalidRunStateTransitionException if the table forbids it; the state is unchanged
     */
    void transition(final RunState to) {
        RunState from = state.transition(to);
        if (from != to && LOG.isTraceEnabled()) {
            LOG.trace("runstate_set {} -> {}", from.wireName(), to.wireName());
        }
    }

    /**
     * The atomic "check, then set" QEMU does under the BQL.
     *
     * @param expected the state the caller saw
     * @param to the new state
     * @return whether this call made the change
     */
    boolean transitionFrom(final RunState expected, final RunState to) {
        boolean changed = state.transitionFrom(expected, to);
        if (changed && expected != to && LOG.isTraceEnabled()) {
            LOG.trace("runstate_set {} -> {}", expected.wireName(), to.wireName());
        }
        return changed;
    }

    /**
     * {@code vm_state_notify}: runs the change-state handlers for a start or stop.
     *
     * @param running whether the VM now runs
     * @param reason the state entered
     */
    void notifyChangeHandlers(final boolean running, final RunState reason) {
        changeHandlers.notify(running, reason);
    }

    RunState get() {
        return state.get();
    }

    boolean check(final RunState s) {
        return state.check(s);
    }

    boolean isRunning() {
        return state.isRunning();
    }

    boolean needsReset() {
        return state.needsReset();
    }
}
