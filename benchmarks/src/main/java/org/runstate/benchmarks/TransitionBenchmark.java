package org.runstate.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.runstate.core.qapi.RunState;
import org.runstate.core.state.AtomicRunState;

/**
 * Family 1: a run-state transition against the physical floor (a bare {@code AtomicInteger} CAS)
 * and against the obvious lock-based table, alone and with two threads contending.
 *
 * <p>Each invocation makes two real transitions, {@code running -> paused -> running}, the pair a
 * {@code stop}+{@code cont} makes; the bare CAS does the same two flips. Under contention a thread
 * may find the state already where it wants it (a same-state no-op, as in QEMU), exactly as the
 * lock-based variants do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TransitionBenchmark {

    /** The states under test, one per benchmark state object; each sits on its own cache lines. */
    @State(Scope.Benchmark)
    public static class Shared {
        final AtomicRunState atomic = new AtomicRunState(RunState.RUNNING, null);
        final PaddedAtomicInteger bare = new PaddedAtomicInteger(RunState.RUNNING.ordinal());
        final LockedRunStateTable sync = new LockedRunStateTable.Synchronized(RunState.RUNNING);
        final LockedRunStateTable locked = new LockedRunStateTable.Locked(RunState.RUNNING);
    }

    /** An {@link AtomicInteger} with a cache line of padding after it (fields before are the header). */
    @SuppressWarnings("unused")
    static final class PaddedAtomicInteger extends AtomicInteger {
        private static final long serialVersionUID = 1L;
        long p1, p2, p3, p4, p5, p6, p7, p8;

        PaddedAtomicInteger(final int v) {
            super(v);
        }
    }

    private static final int RUNNING = RunState.RUNNING.ordinal();
    private static final int PAUSED = RunState.PAUSED.ordinal();

    static RunState flipAtomic(final AtomicRunState s) {
        s.transition(RunState.PAUSED);
        return s.transition(RunState.RUNNING);
    }

    static boolean flipBare(final AtomicInteger s) {
        boolean a = s.compareAndSet(RUNNING, PAUSED);
        return s.compareAndSet(PAUSED, RUNNING) & a;
    }

    static RunState flipLocked(final LockedRunStateTable s) {
        s.transition(RunState.PAUSED);
        return s.transition(RunState.RUNNING);
    }

    // ---- one thread ----

    @Benchmark
    @OperationsPerInvocation(2)
    public RunState transitionAtomicRunState(final Shared s) {
        return flipAtomic(s.atomic);
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public boolean transitionBareCas(final Shared s) {
        return flipBare(s.bare);
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public RunState transitionSynchronizedEnumMap(final Shared s) {
        return flipLocked(s.sync);
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public RunState transitionReentrantLockEnumMap(final Shared s) {
        return flipLocked(s.locked);
    }

    @Benchmark
    public boolean checkAtomicRunState(final Shared s) {
        return s.atomic.check(RunState.RUNNING);
    }

    @Benchmark
    public boolean checkBareVolatileRead(final Shared s) {
        return s.bare.get() == RUNNING;
    }

    @Benchmark
    public boolean checkSynchronizedEnumMap(final Shared s) {
        return s.sync.check(RunState.RUNNING);
    }

    @Benchmark
    public boolean checkReentrantLockEnumMap(final Shared s) {
        return s.locked.check(RunState.RUNNING);
    }

    // ---- two threads on one state ----

    @Benchmark
    @Group("contendedAtomicRunState")
    @GroupThreads(2)
    @OperationsPerInvocation(2)
    public RunState contendedAtomicRunState(final Shared s) {
        return flipAtomic(s.atomic);
    }

    @Benchmark
    @Group("contendedBareCas")
    @GroupThreads(2)
    @OperationsPerInvocation(2)
    public boolean contendedBareCas(final Shared s) {
        return flipBare(s.bare);
    }

    @Benchmark
    @Group("contendedSynchronizedEnumMap")
    @GroupThreads(2)
    @OperationsPerInvocation(2)
    public RunState contendedSynchronizedEnumMap(final Shared s) {
        return flipLocked(s.sync);
    }

    @Benchmark
    @Group("contendedReentrantLockEnumMap")
    @GroupThreads(2)
    @OperationsPerInvocation(2)
    public RunState contendedReentrantLockEnumMap(final Shared s) {
        return flipLocked(s.locked);
    }
}
