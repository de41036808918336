package org.runstate.core.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuExit;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * The pause/resume handshake of {@link VcpuRunLoop} on real platform threads (park/unpark and a
 * lock condition are involved, which Lincheck's model checker does not drive).
 *
 * <p>The engine counts slices per vCPU and records, from inside each slice, any breach of the
 * loop's invariants: a slice must run on the vCPU's own thread, in that vCPU's context, and never
 * while the vCPU has acknowledged a stop. Waiting is done with Awaitility polling in the test
 * thread; nothing sleeps for a fixed time, so the tests are as fast as the scheduler allows and
 * fail only on a real hang (after {@link #TIMEOUT}).
 */
class VcpuPauseResumeHandshakeTest {
    /** Generous: two cores shared with other builds; a correct run needs milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int ITERATIONS = 200;

    /**
     * An engine whose slices only count. vCPUs with a non-zero halt period execute HLT every that
     * many slices; {@link #haltNext} and {@link #stopSelfNext} are one-shot requests the test makes.
     */
    static final class CountingEngine implements VcpuEngine {
        final AtomicLong[] slices;
        final AtomicBoolean[] haltNext;
        final AtomicBoolean[] stopSelfNext;
        final long[] haltPeriod;
        final AtomicReferenceArray<Thread> threads;
        /** The first invariant breach seen inside a slice, or null. */
        final AtomicReference<String> violation = new AtomicReference<>();
        volatile VcpuRunLoop loop;

        CountingEngine(final int n, final long... haltPeriod) {
            slices = new AtomicLong[n];
            haltNext = new AtomicBoolean[n];
            stopSelfNext = new AtomicBoolean[n];
            for (int i = 0; i < n; i++) {
                slices[i] = new AtomicLong();
                haltNext[i] = new AtomicBoolean();
                stopSelfNext[i] = new AtomicBoolean();
            }
            this.haltPeriod = new long[n];
            System.arraycopy(haltPeriod, 0, this.haltPeriod, 0, Math.min(n, haltPeriod.length));
            threads = new AtomicReferenceArray<>(n);
        }

        @Override
        public VcpuExit runSlice(final Vcpu vcpu) {
            int i = vcpu.index();
            Thread me = Thread.currentThread();
            if (!threads.compareAndSet(i, null, me) && threads.get(i) != me) {
                violation.compareAndSet(null, vcpu + " ran on " + me + ", first ran on " + threads.get(i));
            }
            if (VcpuRunLoop.current() != vcpu) {
                violation.compareAndSet(null, vcpu + " ran with current() = " + VcpuRunLoop.current());
            }
            // STOPPED is the vCPU's promise to pauseAll() that it no longer executes guest code
            if (vcpu.isStopped()) {
                violation.compareAndSet(null, vcpu + " ran a slice while stopped");
            }
            long n = slices[i].incrementAndGet();
            if (stopSelfNext[i].get() && stopSelfNext[i].getAndSet(false)) {
                loop.stopCurrent();
            }
            if (haltNext[i].get() && haltNext[i].getAndSet(false)) {
                return VcpuExit.HALTED;
            }
            return haltPeriod[i] != 0 && n % haltPeriod[i] == 0 ? VcpuExit.HALTED : VcpuExit.CONTINUE;
        }

        long count(final int i) {
            return slices[i].get();
        }

        long[] snapshot() {
            long[] out = new long[slices.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = slices[i].get();
            }
            return out;
        }

        void assertNoViolation() {
            assertThat(violation.get()).as("invariant breach inside a slice").isNull();
        }
    }

    private static ConditionFactory await() {
        // poll in the test thread, so the waiting itself adds no thread to the two busy cores
        return Awaitility.await().atMost(TIMEOUT).pollInSameThread()
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    private static VcpuRunLoop start(final CountingEngine engine) {
        VcpuRunLoop loop = new VcpuRunLoop(engine.slices.length, engine);
        engine.loop = loop;
        loop.start();
        return loop;
    }

    /** Waits until vCPU {@code i} ran at least {@code slices} more slices than {@code from}. */
    private static void awaitProgress(final CountingEngine engine, final int i, final long from, final long slices) {
        await().until(() -> engine.count(i) >= from + slices);
    }

    /**
     * Repeated pause/resume: after {@code pauseAll()} returns every vCPU is stopped and runs no
     * more slices (even when kicked by a wake-up or a second, idempotent {@code pauseAll()}); after
     * {@code resumeAll()} every vCPU that was not halted runs again, and one that was halted stays
     * halted until woken.
     */
    @ParameterizedTest(name = "{0} vCPUs")
    @ValueSource(ints = {1, 2, 4})
    void pauseAllStopsEveryVcpuAndResumeAllRestartsTheRunnableOnes(final int n) {
        // vCPU 0 never halts by itself, so there is always a runnable vCPU to measure a window with
        CountingEngine engine = new CountingEngine(n, 0, 3_001, 7_919, 2_003);
        List<Thread> threads = new ArrayList<>();
        int haltedChecks = 0;
        try (VcpuRunLoop loop = start(engine)) {
            loop.resumeAll();
            for (int it = 0; it < ITERATIONS; it++) {
                if (it % 4 == 3 && n > 1) {
                    // make sure some pauses catch a halted vCPU, not only those the periods produce
                    Vcpu last = loop.vcpus().get(n - 1);
                    engine.haltNext[n - 1].set(true);
                    await().until(last::isHalted);
                }
                loop.pauseAll();
                assertThat(loop.allStopped()).isTrue();
                long[] paused = engine.snapshot();

                // An interrupt while paused clears HALTED but must not let the vCPU run.
                boolean wakeWhilePaused = it % 4 == 1;
                if (wakeWhilePaused) {
                    loop.vcpus().forEach(Vcpu::wake);
                }
                boolean[] halted = new boolean[n];
                for (Vcpu v : loop.vcpus()) {
                    halted[v.index()] = v.isHalted();
                }

                // Idempotent: returns although nobody needs to acknowledge, but it does kick every
                // thread; once each has re-acknowledged (no stop pending) the threads have run.
                loop.pauseAll();
                await().until(() -> loop.vcpus().stream().noneMatch(Vcpu::exitRequested));
                assertThat(engine.snapshot()).as("slices after pauseAll(), iteration %d", it).containsExactly(paused);
                assertThat(loop.allStopped()).isTrue();

                loop.resumeAll();
                boolean wakeAfterResume = it % 2 == 0;
                if (wakeAfterResume) {
                    loop.vcpus().forEach(Vcpu::wake);
                }
                for (Vcpu v : loop.vcpus()) {
                    int i = v.index();
                    if (wakeAfterResume || !halted[i]) {
                        awaitProgress(engine, i, paused[i], 1);
                        assertThat(v.isStopped()).isFalse();
                    }
                }
                if (!wakeAfterResume) {
                    // vCPU 0 is never halted here: let it run some more, then the halted ones
                    // must still be exactly where the pause left them
                    awaitProgress(engine, 0, paused[0], 100);
                    for (Vcpu v : loop.vcpus()) {
                        if (halted[v.index()]) {
                            haltedChecks++;
                            assertThat(engine.count(v.index())).as("halted %s ran after resumeAll()", v).isEqualTo(paused[v.index()]);
                            assertThat(v.isHalted()).isTrue();
                        }
                    }
                }
            }
            engine.assertNoViolation();
            // the halted-stays-halted branch really ran (it would pass vacuously otherwise)
            assertThat(haltedChecks).isGreaterThanOrEqualTo(n > 1 ? ITERATIONS / 4 : 0);
            for (int i = 0; i < n; i++) {
                threads.add(engine.threads.get(i));
            }
        }
        assertThat(threads).doesNotContainNull().noneMatch(Thread::isAlive);
    }

    /**
     * {@code cpu_stop_current}: a vCPU that stops itself parks after its slice while the others
     * keep running; the following {@code pauseAll()} returns; elsewhere it does nothing.
     */
    @Test
    void vcpuStoppingItselfParksAndPauseAllThenReturns() {
        CountingEngine engine = new CountingEngine(2);
        try (VcpuRunLoop loop = start(engine)) {
            Vcpu v0 = loop.vcpus().get(0);
            Vcpu v1 = loop.vcpus().get(1);
            loop.resumeAll();
            awaitProgress(engine, 0, 0, 1);

            loop.stopCurrent(); // the test thread is no vCPU: no effect
            assertThat(loop.vcpus()).noneMatch(Vcpu::exitRequested);

            engine.stopSelfNext[0].set(true);
            await().until(v0::isStopped);
            long stoppedAt = engine.count(0);
            awaitProgress(engine, 1, engine.count(1), 100);
            assertThat(engine.count(0)).isEqualTo(stoppedAt);
            assertThat(v0.isStopped()).isTrue();
            assertThat(v1.isStopped()).isFalse();

            loop.pauseAll();
            assertThat(loop.allStopped()).isTrue();
            assertThat(engine.count(0)).isEqualTo(stoppedAt);

            loop.resumeAll();
            awaitProgress(engine, 0, stoppedAt, 1);
            engine.assertNoViolation();
        }
    }

    /**
     * A halted vCPU runs nothing until {@link Vcpu#wake()} (or an NMI); it still acknowledges a
     * pause, and {@code resumeAll()} does not wake it.
     */
    @Test
    void haltedVcpuSleepsUntilWokenAndStillAcknowledgesPause() {
        CountingEngine engine = new CountingEngine(2);
        try (VcpuRunLoop loop = start(engine)) {
            Vcpu v1 = loop.vcpus().get(1);
            loop.resumeAll();
            engine.haltNext[1].set(true);
            await().until(v1::isHalted);
            long haltedAt = engine.count(1);
            awaitProgress(engine, 0, engine.count(0), 100);
            assertThat(engine.count(1)).isEqualTo(haltedAt);

            loop.pauseAll(); // must not wait forever for the sleeping vCPU
            assertThat(loop.allStopped()).isTrue();
            loop.resumeAll();
            awaitProgress(engine, 0, engine.count(0), 100);
            assertThat(v1.isHalted()).isTrue();
            assertThat(engine.count(1)).isEqualTo(haltedAt);

            v1.wake();
            awaitProgress(engine, 1, haltedAt, 100);

            engine.haltNext[1].set(true);
            await().until(v1::isHalted);
            long nmiAt = engine.count(1);
            v1.injectNmi();
            assertThat(v1.nmiCount()).isEqualTo(1);
            awaitProgress(engine, 1, nmiAt, 1);
            engine.assertNoViolation();
        }
    }

    /** {@code close()} unplugs and joins every thread, whatever its vCPU was doing. */
    @Test
    void closeJoinsRunningHaltedAndStoppedVcpus() {
        CountingEngine engine = new CountingEngine(4);
        VcpuRunLoop loop = start(engine);
        loop.resumeAll();
        engine.haltNext[1].set(true);
        engine.stopSelfNext[2].set(true);
        Vcpu v1 = loop.vcpus().get(1);
        Vcpu v2 = loop.vcpus().get(2);
        await().until(() -> v1.isHalted() && v2.isStopped()
                && engine.count(0) > 0 && engine.count(3) > 0);
        loop.close();
        for (int i = 0; i < 4; i++) {
            assertThat(engine.threads.get(i)).isNotNull();
            assertThat(engine.threads.get(i).isAlive()).as("vcpu-%d alive after close()", i).isFalse();
        }
        assertThat(loop.allStopped()).as("an unplugged vCPU counts as stopped").isTrue();
        engine.assertNoViolation();
    }
}
