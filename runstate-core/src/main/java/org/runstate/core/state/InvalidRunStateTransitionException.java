package org.runstate.core.state;

import org.runstate.core.qapi.RunState;

/**
 * A transition that QEMU's table forbids. QEMU prints the same message and aborts the process;
 * we throw instead and leave the state unchanged, so the machine keeps running.
 */
public final class InvalidRunStateTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient RunState from;
    private final transient RunState to;

    /**
     * Creates the exception with QEMU's message {@code invalid runstate transition: 'X' -> 'Y'}.
     *
     * @param from the state the machine was in (and still is)
     * @param to the state that was refused
     */
    public InvalidRunStateTransitionException(final RunState from, final RunState to) {
        super("invalid runstate transition: '" + from.wireName() + "' -> '" + to.wireName() + "'");
        this.from = from;
        this.to = to;
    }

    /**
     * The state the machine was in, and still is.
     *
     * @return the unchanged state
     */
    public RunState from() {
        return from;
    }

    /**
     * The refused target.
     *
     * @return the target state
     */
    public RunState to() {
        return to;
    }
}
