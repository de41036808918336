package org.runstate.core.concurrency;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.StateRepresentation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;
import org.runstate.core.state.AtomicRunState;
import org.runstate.core.state.InvalidRunStateTransitionException;
import org.runstate.core.state.RunStateTransitions;

/**
 * Lincheck proof that {@link AtomicRunState}'s {@code transition}, {@code transitionFrom},
 * {@code get} and {@code check} are linearizable with respect to {@link Spec}, a plain
 * single-threaded model of QEMU's {@code runstate_set} built directly on
 * {@link RunStateTransitions#isAllowed}.
 *
 * <p>Each Lincheck instance is a fresh state word in {@code prelaunch} (QEMU's initial state).
 * Parameters are indices into {@link #STATES}, five states chosen so that the table has both
 * allowed and forbidden pairs among them (for example {@code prelaunch -> running} is allowed but
 * {@code prelaunch -> paused} is not, {@code running -> suspended} is allowed but
 * {@code paused -> suspended} is not): the interesting interleavings are those where one thread's
 * transition changes whether another thread's request is legal.
 *
 * <p>Exceptions are turned into result strings that name the state the exception reports as
 * current, so a CAS loop that validated against a stale state (or reported one) is caught, not
 * just a lost update.
 */
@Param(name = "state", gen = IntGen.class, conf = "0:4")
public class AtomicRunStateLincheckTest {
    /** The parameter domain: index {@code i} stands for {@code STATES[i]}. */
    static final RunState[] STATES = {
        RunState.RUNNING, RunState.PAUSED, RunState.PRELAUNCH, RunState.SUSPENDED, RunState.SHUTDOWN,
    };

    /** Real changes reported by the CAS winners; compared with the listener's count in {@link #listenerSawEveryRealChange}. */
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger listenerCalls = new AtomicInteger();
    private final AtomicBoolean listenerSawIllegalPair = new AtomicBoolean();

    private final AtomicRunState state = new AtomicRunState(RunState.PRELAUNCH, (from, to) -> {
        // the listener must only ever be told about real, table-listed changes
        if (from == to || !RunStateTransitions.isAllowed(from, to)) {
            listenerSawIllegalPair.set(true);
        }
        listenerCalls.incrementAndGet();
    });

    /**
     * {@code runstate_set}, with the exception turned into a result.
     *
     * @param to index of the target state
     * @return the previous state's wire name, or {@code invalid:'from'->'to'}
     */
    @Operation
    public String transition(@Param(name = "state") final int to) {
        try {
            RunState before = state.transition(STATES[to]);
            if (before != STATES[to]) {
                changes.incrementAndGet();
            }
            return before.wireName();
        } catch (InvalidRunStateTransitionException e) {
            return invalid(e.from(), e.to());
        }
    }

    /**
     * The CAS form, with the exception turned into a result.
     *
     * @param expected index of the expected state
     * @param to index of the target state
     * @return {@code true}/{@code false}, or {@code invalid:'from'->'to'}
     */
    @Operation
    public String transitionFrom(@Param(name = "state") final int expected, @Param(name = "state") final int to) {
        try {
            boolean changed = state.transitionFrom(STATES[expected], STATES[to]);
            if (changed && expected != to) {
                changes.incrementAndGet();
            }
            return Boolean.toString(changed);
        } catch (InvalidRunStateTransitionException e) {
            return invalid(e.from(), e.to());
        }
    }

    /**
     * {@code runstate_get}.
     *
     * @return the current state's wire name
     */
    @Operation
    public String get() {
        return state.get().wireName();
    }

    /**
     * {@code runstate_check}.
     *
     * @param s index of the state to compare with
     * @return whether the machine is in that state
     */
    @Operation
    public boolean check(@Param(name = "state") final int s) {
        return state.check(STATES[s]);
    }

    /**
     * Shown in Lincheck's failure trace.
     *
     * @return the current state
     */
    @StateRepresentation
    public String stateRepresentation() {
        return state.toString();
    }

    /** After every invocation: the listener was called exactly once per real change, and only for legal pairs. */
    @Validate
    public void listenerSawEveryRealChange() {
        if (listenerSawIllegalPair.get()) {
            throw new AssertionError("listener was told about a same-state or forbidden transition");
        }
        if (listenerCalls.get() != changes.get()) {
            throw new AssertionError("listener calls " + listenerCalls.get() + " != real changes " + changes.get());
        }
    }

    static String invalid(final RunState from, final RunState to) {
        return "invalid:'" + from.wireName() + "'->'" + to.wireName() + "'";
    }

    /**
     * Systematic exploration of thread switches at every shared-memory access (the CAS loop's
     * read-validate-CAS window in particular).
     */
    @Test
    void modelChecking() {
        LinChecker.check(AtomicRunStateLincheckTest.class, new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .checkObstructionFreedom(true));
    }

    /** The same property on real threads, for what the model checker does not model (the JIT, the hardware). */
    @Test
    void stress() {
        LinChecker.check(AtomicRunStateLincheckTest.class, new StressOptions()
                .sequentialSpecification(Spec.class)
                .iterations(10)
                .invocationsPerIteration(500)
                .threads(2)
                .actorsPerThread(4)
                .actorsBefore(2)
                .actorsAfter(1));
    }

    /**
     * The sequential specification: one plain field and QEMU's rules, written independently of the
     * CAS code so that a wrong rule in the implementation (not only a race) fails the test.
     */
    public static final class Spec {
        private RunState current = RunState.PRELAUNCH;

        /**
         * Sequential {@code runstate_set}.
         *
         * @param to index of the target state
         * @return as {@link AtomicRunStateLincheckTest#transition}
         */
        public String transition(final int to) {
            RunState target = STATES[to];
            if (current == target) {
                return current.wireName();
            }
            if (!RunStateTransitions.isAllowed(current, target)) {
                return invalid(current, target);
            }
            RunState before = current;
            current = target;
            return before.wireName();
        }

        /**
         * Sequential check-then-set.
         *
         * @param expected index of the expected state
         * @param to index of the target state
         * @return as {@link AtomicRunStateLincheckTest#transitionFrom}
         */
        public String transitionFrom(final int expected, final int to) {
            RunState e = STATES[expected];
            RunState target = STATES[to];
            if (e == target) {
                return Boolean.toString(current == target);
            }
            // the pair is validated before the current state is looked at
            if (!RunStateTransitions.isAllowed(e, target)) {
                return invalid(e, target);
            }
            if (current != e) {
                return "false";
            }
            current = target;
            return "true";
        }

        /**
         * Sequential {@code runstate_get}.
         *
         * @return the state's wire name
         */
        public String get() {
            return current.wireName();
        }

        /**
         * Sequential {@code runstate_check}.
         *
         * @param s index of the state
         * @return whether it is current
         */
        public boolean check(final int s) {
            return current == STATES[s];
        }
    }
}
