package org.runstate.core.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.runstate.core.qapi.RunState;

/**
 * The current run state in one padded, atomically updated {@code int}: QEMU's
 * {@code current_run_state} without the BQL. Reads are one volatile load; a transition is a CAS
 * loop validated against {@link RunStateTransitions}.
 *
 * <p>Naming follows JCTools: {@code lv} is a volatile load, {@code cas} a compare-and-set.
 */
public final class AtomicRunState extends AtomicRunStatePad1 {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AtomicRunStateValue.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RunStateTransitionListener listener;

    /**
     * Starts in {@code prelaunch}, like QEMU's static initialiser, with no listener.
     */
    public AtomicRunState() {
        this(RunState.PRELAUNCH, null);
    }

    /**
     * Starts in {@code initial}.
     *
     * @param initial the first state
     * @param listener called after each real change, or {@code null}
     */
    public AtomicRunState(final RunState initial, final RunStateTransitionListener listener) {
        STATE.setRelease(this, initial.ordinal());
        this.listener = listener;
    }

    /**
     * The current state ({@code runstate_get}).
     *
     * @return the state
     */
    public RunState get() {
        return RunStateTransitions.state(lvState());
    }

    /**
     * {@code runstate_check}: whether the current state is {@code s}.
     *
     * @param s a state
     * @return true if the machine is in {@code s} now
     */
    public boolean check(final RunState s) {
        return lvState() == s.ordinal();
    }

    /**
     * {@code runstate_is_running}.
     *
     * @return true in {@code running}
     */
    public boolean isRunning() {
        return lvState() == RunState.RUNNING.ordinal();
    }

    /**
     * {@code runstate_needs_reset}.
     *
     * @return true in {@code internal-error} and {@code shutdown}
     */
    public boolean needsReset() {
        return RunStateTransitions.needsReset(get());
    }

    /**
     * {@code runstate_set}: moves to {@code to} if the table allows it. Setting the current state
     * is a silent no-op, as in QEMU, even for pairs the table does not list.
     *
     * @param to the new state
     * @return the state before the call
     * @throws InvalidRunStateTransitionException if the table forbids it (QEMU aborts there); the
     *     state is then unchanged
     */
    public RunState transition(final RunState to) {
        final int target = to.ordinal();
        int current;
        do {
            current = lvState();
            if (current == target) {
                return to;
            }
            if (!RunStateTransitions.isAllowed(current, target)) {
                throw new InvalidRunStateTransitionException(RunStateTransitions.state(current), to);
            }
        } while (!casState(current, target));
        notifyListener(current, target);
        return RunStateTransitions.state(current);
    }

    /**
     * Moves from {@code expected} to {@code to} only if the state is still {@code expected}: the
     * atomic form of "check, then set" that QEMU does under the BQL (for example the wakeup
     * request's {@code suspended -> running}).
     *
     * @param expected the state the caller saw
     * @param to the new state
     * @return true if this call made the change; for {@code expected == to}, whether the state is
     *     {@code to} (a same-state "transition" is a no-op that succeeds, as in QEMU)
     * @throws InvalidRunStateTransitionException if the table forbids {@code expected -> to}
     */
    public boolean transitionFrom(final RunState expected, final RunState to) {
        Objects.requireNonNull(expected, "expected");
        if (expected == to) {
            return check(to);
        }
        if (!RunStateTransitions.isAllowed(expected, to)) {
            throw new InvalidRunStateTransitionException(expected, to);
        }
        if (!casState(expected.ordinal(), to.ordinal())) {
            return false;
        }
        notifyListener(expected.ordinal(), to.ordinal());
        return true;
    }

    @Override
    public String toString() {
        return get().wireName();
    }

    private int lvState() {
        return (int) STATE.getVolatile(this);
    }

    private boolean casState(final int expect, final int update) {
        return STATE.compareAndSet(this, expect, update);
    }

    private void notifyListener(final int from, final int to) {
        if (listener != null) {
            listener.onTransition(RunStateTransitions.state(from), RunStateTransitions.state(to));
        }
    }
}
