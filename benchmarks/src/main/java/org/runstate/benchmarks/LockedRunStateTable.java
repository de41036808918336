package org.runstate.benchmarks;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.runstate.core.qapi.RunState;
import org.runstate.core.state.RunStateTransitions;

/**
 * The obvious run-state implementation, as a baseline: an {@code EnumMap<RunState, Set<RunState>>}
 * of allowed targets and a current state guarded by a lock ({@code synchronized} or a
 * {@link ReentrantLock}). Same table and same same-state rule as {@code AtomicRunState}.
 */
abstract class LockedRunStateTable {
    private final Map<RunState, Set<RunState>> allowed = new EnumMap<>(RunState.class);
    protected RunState current;

    LockedRunStateTable(final RunState initial) {
        for (RunState from : RunState.values()) {
            allowed.put(from, RunStateTransitions.allowedTargets(from)); // an EnumSet
        }
        current = initial;
    }

    /** The unguarded step; callers hold the lock. */
    protected final RunState step(final RunState to) {
        RunState from = current;
        if (from != to) {
            if (!allowed.get(from).contains(to)) {
                throw new IllegalStateException("invalid runstate transition: '" + from + "' -> '" + to + "'");
            }
            current = to;
        }
        return from;
    }

    abstract RunState transition(RunState to);

    abstract boolean check(RunState s);

    /** The {@code synchronized} variant. */
    static final class Synchronized extends LockedRunStateTable {
        Synchronized(final RunState initial) {
            super(initial);
        }

        @Override
        synchronized RunState transition(final RunState to) {
            return step(to);
        }

        @Override
        synchronized boolean check(final RunState s) {
            return current == s;
        }
    }

    /** The {@link ReentrantLock} variant. */
    static final class Locked extends LockedRunStateTable {
        private final ReentrantLock lock = new ReentrantLock();

        Locked(final RunState initial) {
            super(initial);
        }

        @Override
        RunState transition(final RunState to) {
            lock.lock();
            try {
                return step(to);
            } finally {
                lock.unlock();
            }
        }

        @Override
        boolean check(final RunState s) {
            lock.lock();
            try {
                return current == s;
            } finally {
                lock.unlock();
            }
        }
    }
}
