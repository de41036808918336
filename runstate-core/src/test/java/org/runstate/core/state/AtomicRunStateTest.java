package org.runstate.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;

class AtomicRunStateTest {
    @Test
    void startsInPrelaunchLikeQemu() {
        AtomicRunState s = new AtomicRunState();
        assertThat(s.get()).isEqualTo(RunState.PRELAUNCH);
        assertThat(s.isRunning()).isFalse();
        assertThat(s.check(RunState.PRELAUNCH)).isTrue();
    }

    @Test
    void sameStateIsASilentNoOpEvenThoughTheTableDoesNotListIt() {
        List<String> seen = new ArrayList<>();
        AtomicRunState s = new AtomicRunState(RunState.SAVE_VM, (from, to) -> seen.add(from + "->" + to));
        assertThat(s.transition(RunState.SAVE_VM)).isEqualTo(RunState.SAVE_VM);
        assertThat(seen).isEmpty();
    }

    @Test
    void listenerSeesEveryRealChangeInOrder() {
        List<String> seen = new ArrayList<>();
        AtomicRunState s = new AtomicRunState(RunState.PRELAUNCH, (from, to) -> seen.add(from.wireName() + "->" + to.wireName()));
        s.transition(RunState.RUNNING);
        s.transition(RunState.PAUSED);
        s.transition(RunState.RUNNING);
        assertThat(seen).containsExactly("prelaunch->running", "running->paused", "paused->running");
    }

    @Test
    void pausedToSuspendedIsRejectedWithQemusMessageAndTheMachineLives() {
        AtomicRunState s = new AtomicRunState(RunState.PAUSED, null);
        assertThatThrownBy(() -> s.transition(RunState.SUSPENDED))
                .isInstanceOf(InvalidRunStateTransitionException.class)
                .hasMessage("invalid runstate transition: 'paused' -> 'suspended'")
                .satisfies(e -> {
                    InvalidRunStateTransitionException ex = (InvalidRunStateTransitionException) e;
                    assertThat(ex.from()).isEqualTo(RunState.PAUSED);
                    assertThat(ex.to()).isEqualTo(RunState.SUSPENDED);
                });
        assertThat(s.get()).isEqualTo(RunState.PAUSED);
        assertThat(s.transition(RunState.RUNNING)).isEqualTo(RunState.PAUSED);
    }

    @Test
    void transitionFromFailsWhenTheStateMovedMeanwhile() {
        AtomicRunState s = new AtomicRunState(RunState.RUNNING, null);
        assertThat(s.transitionFrom(RunState.SUSPENDED, RunState.RUNNING)).isFalse();
        s.transition(RunState.SUSPENDED);
        assertThat(s.transitionFrom(RunState.SUSPENDED, RunState.RUNNING)).isTrue();
        assertThat(s.get()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void needsResetOnlyInShutdownAndInternalError() {
        AtomicRunState s = new AtomicRunState(RunState.RUNNING, null);
        assertThat(s.needsReset()).isFalse();
        s.transition(RunState.SHUTDOWN);
        assertThat(s.needsReset()).isTrue();
    }
}
