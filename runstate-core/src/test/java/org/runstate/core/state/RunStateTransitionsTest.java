package org.runstate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.runstate.core.qapi.RunState;

/**
 * All 16 x 16 pairs against the matrix in the reference notes (copied as text, so the test does not
 * share a table with the code it checks). X = allowed, = = same state (no-op), . = forbidden.
 */
class RunStateTransitionsTest {
    /** Rows and columns in RunState order: dbg inm ie io pau pom pre fm rvm run svm shu sus wd gp colo. */
    private static final String[] MATRIX = {
        "= . . . . . X X . X . . X . . .", // debug
        ". = X X X X X X . X . X X X X X", // inmigrate
        ". . = . X . X X . . . . . . . .", // internal-error
        ". . . = . . X X . X . . . . . .", // io-error
        ". . . . = X X X . X . . . . . X", // paused
        ". . . . . = X X . X . . . . . .", // postmigrate
        ". X . . . . = X . X . . . . . .", // prelaunch
        ". . . . X X X = . X . . . . . X", // finish-migrate
        ". . . . . . X . = X . . . . . .", // restore-vm
        "X . X X X . . X X = X X X X X X", // running
        ". . . . . . . . . X = . . . . .", // save-vm
        ". . . . X . X X . . . = . . . X", // shutdown
        ". . . . . . X X . X . . = . . X", // suspended
        ". . . . . . X X . X . . . = . X", // watchdog
        ". . . . . . X X . X . . . . = .", // guest-panicked
        ". . . . . . X . . X . X . . . =", // colo
    };

    static Stream<Arguments> everyPair() {
        List<Arguments> out = new ArrayList<>();
        RunState[] s = RunState.values();
        for (int from = 0; from < s.length; from++) {
            String[] row = MATRIX[from].split(" ");
            for (int to = 0; to < s.length; to++) {
                out.add(Arguments.of(s[from], s[to], row[to].charAt(0)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void pairIsAllowedExactlyWhenQemuListsIt(final RunState from, final RunState to, final char cell) {
        assertThat(RunStateTransitions.isAllowed(from, to)).isEqualTo(cell == 'X');
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void transitionSucceedsForListedAndSamePairsAndRejectsTheRest(final RunState from, final RunState to,
            final char cell) {
        AtomicRunState state = new AtomicRunState(from, null);
        if (cell == '.') {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.transition(to))
                    .isInstanceOf(InvalidRunStateTransitionException.class)
                    .hasMessage("invalid runstate transition: '" + from.wireName() + "' -> '" + to.wireName() + "'");
            assertThat(state.get()).isEqualTo(from);
        } else {
            assertThat(state.transition(to)).isEqualTo(cell == '=' ? to : from);
            assertThat(state.get()).isEqualTo(to);
        }
    }

    @Test
    void tableHas71DistinctPairs() {
        assertThat(RunStateTransitions.allowedPairs()).hasSize(71);
    }

    @Test
    void onlyInternalErrorAndShutdownNeedReset() {
        for (RunState s : RunState.values()) {
            assertThat(RunStateTransitions.needsReset(s)).as("%s", s)
                    .isEqualTo(s == RunState.INTERNAL_ERROR || s == RunState.SHUTDOWN);
        }
    }

    @Test
    void runningCannotBeReachedFromTheNeedsResetStates() {
        assertThat(RunStateTransitions.allowedTargets(RunState.SHUTDOWN)).doesNotContain(RunState.RUNNING);
        assertThat(RunStateTransitions.allowedTargets(RunState.INTERNAL_ERROR)).doesNotContain(RunState.RUNNING);
    }
}
