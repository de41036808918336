package org.runstate.stress.core.state;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.runstate.core.qapi.RunState;
import org.runstate.core.state.AtomicRunState;
import org.runstate.core.state.InvalidRunStateTransitionException;

/**
 * jcstress proofs for {@link AtomicRunState}, the run-state word: two threads transition the same
 * word at once. Each result encodes what each call returned and the final state.
 *
 * <p>State codes: 0 = the call was rejected ({@link InvalidRunStateTransitionException}),
 * 1 = running, 2 = paused, 3 = suspended, 4 = shutdown. {@code r3} is the final state's code
 * times 10 plus the number of listener calls, so a lost or duplicated notification shows too.
 */
public final class AtomicRunStateStress {
    private AtomicRunStateStress() {
    }

    static int code(final RunState s) {
        return switch (s) {
            case RUNNING -> 1;
            case PAUSED -> 2;
            case SUSPENDED -> 3;
            case SHUTDOWN -> 4;
            case FINISH_MIGRATE -> 5;
            default -> 99;
        };
    }

    /** {@code runstate_set}: the code of the state it left, or 0 when the table forbids it. */
    static int transition(final AtomicRunState state, final RunState to) {
        try {
            return code(state.transition(to));
        } catch (InvalidRunStateTransitionException e) {
            return 0;
        }
    }

    /** A word in {@code running} whose listener counts its calls: exactly one per real change. */
    @State
    public static class Word {
        final AtomicInteger notified = new AtomicInteger();
        final AtomicRunState state = new AtomicRunState(RunState.RUNNING, (from, to) -> notified.incrementAndGet());

        int summary() {
            return code(state.get()) * 10 + notified.get();
        }
    }

    /**
     * A {@code stop} ({@code running -> paused}) races a migration's completion
     * ({@code running -> finish-migrate}). Both orders are legal ({@code paused -> finish-migrate}
     * and {@code finish-migrate -> paused} are in QEMU's table), so both calls succeed one after
     * the other: exactly one leaves {@code running}, the other leaves the state the first one set,
     * and the listener hears two changes. Both leaving {@code running} is a lost update.
     *
     * <p>r1 = what {@code ->paused} left, r2 = what {@code ->finish-migrate} left.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 52", expect = ACCEPTABLE, desc = "paused first, then finish-migrate")
    @Outcome(id = "5, 1, 22", expect = ACCEPTABLE, desc = "finish-migrate first, then paused")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "lost update: both left running")
    @Outcome(expect = FORBIDDEN, desc = "anything else breaks the CAS loop or the listener count")
    @State
    public static class BothOrdersLegal extends Word {
        @Actor
        public void stop(final III_Result r) {
            r.r1 = transition(state, RunState.PAUSED);
        }

        @Actor
        public void migrationCompletes(final III_Result r) {
            r.r2 = transition(state, RunState.FINISH_MIGRATE);
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r3 = summary();
        }
    }

    /**
     * The race that aborts QEMU 7.2.22: {@code running -> paused} (a {@code stop}) against
     * {@code running -> suspended} (a guest S3 request). {@code paused -> suspended} and
     * {@code suspended -> paused} are both forbidden, so exactly one call wins and the other is
     * rejected against the state the winner set, never applied on top of it.
     *
     * <p>r1 = what {@code ->paused} left, r2 = what {@code ->suspended} left.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 21", expect = ACCEPTABLE, desc = "stop won; the suspend is rejected from paused")
    @Outcome(id = "0, 1, 31", expect = ACCEPTABLE, desc = "suspend won; the stop is rejected from suspended")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "lost update: both left running")
    @Outcome(id = ".*, 2, .*", expect = FORBIDDEN, desc = "paused -> suspended was applied")
    @Outcome(id = "3, .*", expect = FORBIDDEN, desc = "suspended -> paused was applied")
    @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "both rejected: a call validated against a state nobody set")
    @Outcome(expect = FORBIDDEN, desc = "anything else breaks the CAS loop or the listener count")
    @State
    public static class ForbiddenSecondStep extends Word {
        @Actor
        public void stop(final III_Result r) {
            r.r1 = transition(state, RunState.PAUSED);
        }

        @Actor
        public void suspend(final III_Result r) {
            r.r2 = transition(state, RunState.SUSPENDED);
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r3 = summary();
        }
    }

    /**
     * Two {@code transitionFrom(running, ...)} calls (QEMU's check-then-set under the BQL, here
     * one CAS): exactly one wins.
     *
     * <p>r1, r2 = 1 if that call made its change, else 0.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 21", expect = ACCEPTABLE, desc = "the pause won")
    @Outcome(id = "0, 1, 41", expect = ACCEPTABLE, desc = "the shutdown won")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both check-then-set calls won")
    @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither won, although the state was running")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class CheckThenSet extends Word {
        @Actor
        public void pause(final III_Result r) {
            r.r1 = state.transitionFrom(RunState.RUNNING, RunState.PAUSED) ? 1 : 0;
        }

        @Actor
        public void shutdown(final III_Result r) {
            r.r2 = state.transitionFrom(RunState.RUNNING, RunState.SHUTDOWN) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r3 = summary();
        }
    }
}
