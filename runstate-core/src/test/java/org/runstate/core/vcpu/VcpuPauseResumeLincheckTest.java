package org.runstate.core.vcpu;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model check of QEMU's pause/resume handshake as {@link VcpuRunLoop} implements it:
 * the real vCPU thread body ({@link VcpuRunLoop#run}) runs on one Lincheck thread per vCPU, the
 * control thread calls the real {@code pauseAll()}/{@code resumeAll()} on another, and the model
 * checker explores the thread switches at every shared access, park, unpark and lock operation
 * (the flags word, the pause lock's condition, {@code LockSupport}).
 *
 * <p>What it proves, for the scenarios below:
 * <ul>
 *   <li>no deadlock: {@code pauseAll()} always returns and an unplug always ends the vCPU thread
 *       (Lincheck fails on any interleaving where the unfinished threads block or spin forever);
 *   <li>{@code pauseAll()}'s promise: once it returned, every vCPU is stopped and no slice runs
 *       until the next {@code resumeAll()};
 *   <li>no slice runs while its vCPU's {@code stopped} bit is set.
 * </ul>
 * Breaches seen inside a slice are recorded and returned by the vCPU operation, so they show up
 * as a result the sequential specification ({@link Spec}: every operation succeeds) cannot give.
 *
 * <p>Limit: Lincheck 2.34 models {@code LockSupport.park} as a switch point that may always
 * return spuriously, so a lost {@code unpark} (a missing kick) cannot show here; that liveness is
 * checked on real threads by {@code concurrency.VcpuPauseResumeHandshakeTest}, which waits for
 * progress after every resume.
 *
 * <p>Only fixed scenarios run: {@code pauseAll}/{@code resumeAll} must come from one thread (the
 * BQL holder in QEMU) and the vCPU operation must end with an unplug, which random scenarios would
 * not respect.
 */
public class VcpuPauseResumeLincheckTest {
    /** Slices a vCPU runs before the engine reports HLT, to bound the spinning the checker explores. */
    private static final int SLICES_BEFORE_HALT = 2;
    /** Interleavings explored per scenario: a few seconds each on CI's two cores. */
    private static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 150);

    /** vCPUs of the loop under test; each scenario runs exactly that many vCPU threads. */
    private static volatile int vcpuCount = 1;

    private final AtomicReference<String> violation = new AtomicReference<>();
    /** Set by the control thread after {@code pauseAll()} returned, cleared before {@code resumeAll()}. */
    private volatile boolean pausedByControl;
    /** vCPU 0 stops itself ({@code cpu_stop_current}) in its first slice when set. */
    private volatile boolean stopSelfInFirstSlice;
    private final AtomicInteger[] slices = {new AtomicInteger(), new AtomicInteger()};
    private final VcpuRunLoop loop = new VcpuRunLoop(vcpuCount, this::slice);

    private VcpuExit slice(final Vcpu v) {
        if (v.isStopped()) {
            violation.compareAndSet(null, v + " ran a slice while stopped");
        }
        if (pausedByControl) {
            violation.compareAndSet(null, v + " ran a slice after pauseAll() returned");
        }
        int n = slices[v.index()].incrementAndGet();
        if (n == 1 && v.index() == 0 && stopSelfInFirstSlice) {
            loop.stopCurrent();
        }
        return n % SLICES_BEFORE_HALT == 0 ? VcpuExit.HALTED : VcpuExit.CONTINUE;
    }

    private String runVcpu(final int index) {
        Vcpu v = loop.vcpus().get(index);
        v.bind(Thread.currentThread());
        loop.run(v);
        String breach = violation.get();
        return breach == null ? "ok" : breach;
    }

    /**
     * The thread of vCPU 0, until unplugged.
     *
     * @return {@code ok}, or the first breach seen inside a slice
     */
    @Operation
    public String vcpu0() {
        return runVcpu(0);
    }

    /**
     * The thread of vCPU 1, until unplugged.
     *
     * @return {@code ok}, or the first breach seen inside a slice
     */
    @Operation
    public String vcpu1() {
        return runVcpu(1);
    }

    /**
     * {@code pause_all_vcpus} on the control thread.
     *
     * @return whether every vCPU was stopped when it returned
     */
    @Operation
    public boolean pause() {
        loop.pauseAll();
        boolean all = loop.allStopped();
        pausedByControl = true;
        return all;
    }

    /** {@code resume_all_vcpus} on the control thread. */
    @Operation
    public void resume() {
        pausedByControl = false;
        loop.resumeAll();
    }

    /** An interrupt for vCPU 0 from a device thread: wakes it if halted. */
    @Operation
    public void interrupt() {
        loop.vcpus().get(0).wake();
    }

    /** The first half of {@link VcpuRunLoop#close()}: unplug and kick (a Lincheck thread is never joined). */
    @Operation
    public void unplug() {
        for (Vcpu v : loop.vcpus()) {
            v.setFlags(Vcpu.UNPLUG);
            v.kick();
        }
    }

    /** Makes vCPU 0 stop itself in its first slice, as a guest reset request does. */
    @Operation
    public void stopSelfInFirstSlice() {
        stopSelfInFirstSlice = true;
    }

    /** Pause and resume with one vCPU that runs, halts and is paused while running or halted. */
    @Test
    void pauseResumeOneVcpu() {
        check(1, scenario(List.of(),
                List.of(List.of("vcpu0"), List.of("resume", "pause", "resume", "pause", "unplug"))));
    }

    /** Two vCPUs: {@code pauseAll()} waits for both acknowledgements, whatever their order. */
    @Test
    void pauseResumeTwoVcpus() {
        check(2, scenario(List.of(),
                List.of(List.of("vcpu0"), List.of("vcpu1"), List.of("resume", "pause", "unplug"))));
    }

    /** An interrupt wakes the halted vCPU while the control thread pauses it: no lost wake-up, no slice while paused. */
    @Test
    void interruptRacingPause() {
        check(1, scenario(List.of(),
                List.of(List.of("vcpu0"), List.of("resume", "pause", "resume", "unplug"), List.of("interrupt"))));
    }

    /** {@code cpu_stop_current} on the vCPU racing {@code pauseAll()} on the control thread. */
    @Test
    void vcpuStoppingItselfRacingPause() {
        check(1, scenario(List.of("stopSelfInFirstSlice"),
                List.of(List.of("vcpu0"), List.of("resume", "pause", "resume", "pause", "unplug"))));
    }

    private static void check(final int vcpus, final ExecutionScenario scenario) {
        vcpuCount = vcpus;
        LinChecker.check(VcpuPauseResumeLincheckTest.class, new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(0)
                .addCustomScenario(scenario)
                .invocationsPerIteration(INVOCATIONS));
    }

    private static ExecutionScenario scenario(final List<String> init, final List<List<String>> threads) {
        List<List<Actor>> parallel = new ArrayList<>();
        for (List<String> t : threads) {
            parallel.add(actors(t));
        }
        return new ExecutionScenario(actors(init), parallel, List.of(), null);
    }

    private static List<Actor> actors(final List<String> names) {
        List<Actor> out = new ArrayList<>();
        for (String n : names) {
            try {
                Method m = VcpuPauseResumeLincheckTest.class.getMethod(n);
                out.add(new Actor(m, List.of()));
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(n, e);
            }
        }
        return out;
    }

    /** The sequential specification: the handshake never fails. */
    public static final class Spec {
        /** @return {@code ok} */
        public String vcpu0() {
            return "ok";
        }

        /** @return {@code ok} */
        public String vcpu1() {
            return "ok";
        }

        /** @return true */
        public boolean pause() {
            return true;
        }

        /** Nothing to model. */
        public void resume() {
        }

        /** Nothing to model. */
        public void interrupt() {
        }

        /** Nothing to model. */
        public void unplug() {
        }

        /** Nothing to model. */
        public void stopSelfInFirstSlice() {
        }
    }
}
