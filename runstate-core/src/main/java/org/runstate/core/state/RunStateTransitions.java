package org.runstate.core.state;

import static org.runstate.core.qapi.RunState.COLO;
import static org.runstate.core.qapi.RunState.DEBUG;
import static org.runstate.core.qapi.RunState.FINISH_MIGRATE;
import static org.runstate.core.qapi.RunState.GUEST_PANICKED;
import static org.runstate.core.qapi.RunState.INMIGRATE;
import static org.runstate.core.qapi.RunState.INTERNAL_ERROR;
import static org.runstate.core.qapi.RunState.IO_ERROR;
import static org.runstate.core.qapi.RunState.PAUSED;
import static org.runstate.core.qapi.RunState.POSTMIGRATE;
import static org.runstate.core.qapi.RunState.PRELAUNCH;
import static org.runstate.core.qapi.RunState.RESTORE_VM;
import static org.runstate.core.qapi.RunState.RUNNING;
import static org.runstate.core.qapi.RunState.SAVE_VM;
import static org.runstate.core.qapi.RunState.SHUTDOWN;
import static org.runstate.core.qapi.RunState.SUSPENDED;
import static org.runstate.core.qapi.RunState.WATCHDOG;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.runstate.core.qapi.RunState;

/**
 * QEMU 7.2's run-state transition table ({@code runstate_transitions_def[]} in
 * softmmu/runstate.c), compiled once into one bit mask per source state. Checking a pair is one
 * array load and a shift: O(1) and allocation-free.
 *
 * <p>Same-state "transitions" are not in the table; {@link AtomicRunState} treats them as silent
 * no-ops, as {@code runstate_set} does.
 */
public final class RunStateTransitions {
    /**
     * The table in QEMU's order: 72 entries, 71 distinct pairs ({@code prelaunch -> inmigrate}
     * appears twice in QEMU too; kept so the list reads like the source).
     */
    private static final RunState[][] QEMU_TABLE = {
        {PRELAUNCH, INMIGRATE},

        {DEBUG, RUNNING}, {DEBUG, FINISH_MIGRATE}, {DEBUG, PRELAUNCH},

        {INMIGRATE, INTERNAL_ERROR}, {INMIGRATE, IO_ERROR}, {INMIGRATE, PAUSED}, {INMIGRATE, RUNNING},
        {INMIGRATE, SHUTDOWN}, {INMIGRATE, SUSPENDED}, {INMIGRATE, WATCHDOG}, {INMIGRATE, GUEST_PANICKED},
        {INMIGRATE, FINISH_MIGRATE}, {INMIGRATE, PRELAUNCH}, {INMIGRATE, POSTMIGRATE}, {INMIGRATE, COLO},

        {INTERNAL_ERROR, PAUSED}, {INTERNAL_ERROR, FINISH_MIGRATE}, {INTERNAL_ERROR, PRELAUNCH},

        {IO_ERROR, RUNNING}, {IO_ERROR, FINISH_MIGRATE}, {IO_ERROR, PRELAUNCH},

        {PAUSED, RUNNING}, {PAUSED, FINISH_MIGRATE}, {PAUSED, POSTMIGRATE}, {PAUSED, PRELAUNCH}, {PAUSED, COLO},

        {POSTMIGRATE, RUNNING}, {POSTMIGRATE, FINISH_MIGRATE}, {POSTMIGRATE, PRELAUNCH},

        {PRELAUNCH, RUNNING}, {PRELAUNCH, FINISH_MIGRATE}, {PRELAUNCH, INMIGRATE},

        {FINISH_MIGRATE, RUNNING}, {FINISH_MIGRATE, PAUSED}, {FINISH_MIGRATE, POSTMIGRATE},
        {FINISH_MIGRATE, PRELAUNCH}, {FINISH_MIGRATE, COLO},

        {RESTORE_VM, RUNNING}, {RESTORE_VM, PRELAUNCH},

        {COLO, RUNNING}, {COLO, PRELAUNCH}, {COLO, SHUTDOWN},

        {RUNNING, DEBUG}, {RUNNING, INTERNAL_ERROR}, {RUNNING, IO_ERROR}, {RUNNING, PAUSED},
        {RUNNING, FINISH_MIGRATE}, {RUNNING, RESTORE_VM}, {RUNNING, SAVE_VM}, {RUNNING, SHUTDOWN},
        {RUNNING, WATCHDOG}, {RUNNING, GUEST_PANICKED}, {RUNNING, COLO},

        {SAVE_VM, RUNNING},

        {SHUTDOWN, PAUSED}, {SHUTDOWN, FINISH_MIGRATE}, {SHUTDOWN, PRELAUNCH}, {SHUTDOWN, COLO},

        {DEBUG, SUSPENDED}, {RUNNING, SUSPENDED}, {SUSPENDED, RUNNING}, {SUSPENDED, FINISH_MIGRATE},
        {SUSPENDED, PRELAUNCH}, {SUSPENDED, COLO},

        {WATCHDOG, RUNNING}, {WATCHDOG, FINISH_MIGRATE}, {WATCHDOG, PRELAUNCH}, {WATCHDOG, COLO},

        {GUEST_PANICKED, RUNNING}, {GUEST_PANICKED, FINISH_MIGRATE}, {GUEST_PANICKED, PRELAUNCH},
    };

    private static final RunState[] STATES = RunState.values();

    /** Bit {@code to.ordinal()} of {@code ALLOWED[from.ordinal()]} is set when the pair is allowed. */
    private static final int[] ALLOWED = compile();

    /** The states {@code runstate_needs_reset()} is true for. */
    private static final int NEEDS_RESET = bit(INTERNAL_ERROR) | bit(SHUTDOWN);

    private RunStateTransitions() {
    }

    /**
     * Whether QEMU's table allows {@code from -> to}. A same-state pair is not in the table (and
     * returns false here) but is a no-op, never an error, in {@link AtomicRunState#transition}.
     *
     * @param from the current state
     * @param to the requested state
     * @return true if the pair is listed
     */
    public static boolean isAllowed(final RunState from, final RunState to) {
        return isAllowed(from.ordinal(), to.ordinal());
    }

    static boolean isAllowed(final int from, final int to) {
        return (ALLOWED[from] >>> to & 1) != 0;
    }

    /**
     * Whether a state can only be left by a reset ({@code runstate_needs_reset()}).
     *
     * @param state a state
     * @return true for {@code internal-error} and {@code shutdown}
     */
    public static boolean needsReset(final RunState state) {
        return (NEEDS_RESET >>> state.ordinal() & 1) != 0;
    }

    /**
     * The states reachable from {@code from} in one transition.
     *
     * @param from the source state
     * @return a new set of allowed targets
     */
    public static Set<RunState> allowedTargets(final RunState from) {
        EnumSet<RunState> out = EnumSet.noneOf(RunState.class);
        for (RunState to : STATES) {
            if (isAllowed(from, to)) {
                out.add(to);
            }
        }
        return out;
    }

    /**
     * Every distinct allowed pair, ordered by source then target state.
     *
     * @return the 71 pairs, as two-element arrays {@code {from, to}}
     */
    public static List<RunState[]> allowedPairs() {
        List<RunState[]> out = new ArrayList<>();
        for (RunState from : STATES) {
            for (RunState to : allowedTargets(from)) {
                out.add(new RunState[] {from, to});
            }
        }
        return out;
    }

    static RunState state(final int code) {
        return STATES[code];
    }

    private static int bit(final RunState s) {
        return 1 << s.ordinal();
    }

    private static int[] compile() {
        if (STATES.length > Integer.SIZE) {
            throw new AssertionError("run states no longer fit one int mask");
        }
        int[] masks = new int[STATES.length];
        for (RunState[] pair : QEMU_TABLE) {
            masks[pair[0].ordinal()] |= bit(pair[1]);
        }
        return masks;
    }
}
