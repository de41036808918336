package org.runstate.core;

import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.state.AtomicRunState;
import org.runstate.core.state.VmStateChangeHandlers;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * Lincheck model check of {@link SystemRequests}' slots: any number of threads post shutdown,
 * reset, vmstop and powerdown requests while others take them. Linearizable against {@link Spec}
 * means: the last request posted before a take wins (earlier ones collapse into it), a take
 * returns it exactly once and leaves the slot empty, and slots do not leak into each other.
 *
 * <p>It lives in {@code org.runstate.core} (not the {@code concurrency} package) only because the
 * constructor and the {@code take*} methods are package-private.
 */
@Param(name = "cause", gen = IntGen.class, conf = "0:2")
public class SystemRequestsConcurrencyTest {
    static final ShutdownCause[] CAUSES = {ShutdownCause.GUEST_SHUTDOWN, ShutdownCause.HOST_QMP_QUIT, ShutdownCause.GUEST_RESET};
    static final RunState[] STOP_STATES = {RunState.PAUSED, RunState.IO_ERROR, RunState.SHUTDOWN};

    /** Counts wake-ups of the (absent) main loop; every request must notify it. */
    private final AtomicInteger notified = new AtomicInteger();
    /** Requests posted by the operations below, compared with {@link #notified} after each run. */
    private final AtomicInteger posted = new AtomicInteger();

    // The vCPU loop is never started: no Lincheck thread is a vCPU, so reset()'s stopCurrent() is
    // the no-op it is on the control thread, and reboot action "reset" (the default) applies.
    private final SystemRequests requests = new SystemRequests(
                new RunStateFunnel(new AtomicRunState(RunState.RUNNING, null), new VmStateChangeHandlers()),
            new RunStateActions(), new VcpuRunLoop(1, VcpuEngine.IDLE), notified::incrementAndGet, msg -> {
                throw new AssertionError("unexpected error report: " + msg);
            });

    /**
     * {@code qemu_system_shutdown_request}.
     *
     * @param c index into {@link #CAUSES}
     */
    @Operation
    public void shutdown(@Param(name = "cause") final int c) {
        requests.shutdown(CAUSES[c]);
        posted.incrementAndGet();
    }

    /**
     * {@code qemu_system_reset_request} with the default reboot action.
     *
     * @param c index into {@link #CAUSES}
     */
    @Operation
    public void reset(@Param(name = "cause") final int c) {
        requests.reset(CAUSES[c]);
        posted.incrementAndGet();
    }

    /**
     * {@code qemu_system_vmstop_request}.
     *
     * @param s index into {@link #STOP_STATES}
     */
    @Operation
    public void vmstop(@Param(name = "cause") final int s) {
        requests.vmstop(STOP_STATES[s]);
        posted.incrementAndGet();
    }

    /** {@code qemu_system_powerdown_request}. */
    @Operation
    public void powerdown() {
        requests.powerdown();
        posted.incrementAndGet();
    }

    /**
     * Takes and clears the shutdown slot.
     *
     * @return the cause's wire name, {@code none} when empty
     */
    @Operation
    public String takeShutdown() {
        return requests.takeShutdown().wireName();
    }

    /**
     * Takes and clears the reset slot.
     *
     * @return the cause's wire name, {@code none} when empty
     */
    @Operation
    public String takeReset() {
        return requests.takeReset().wireName();
    }

    /**
     * Takes and clears the vmstop slot.
     *
     * @return the state's wire name, or {@code -} when empty
     */
    @Operation
    public String takeVmstop() {
        RunState s = requests.takeVmstop();
        return s == null ? "-" : s.wireName();
    }

    /**
     * Takes and clears the powerdown flag.
     *
     * @return whether a powerdown was pending
     */
    @Operation
    public boolean takePowerdown() {
        return requests.takePowerdown();
    }

    /** A request that was posted but did not wake the main loop would sit unprocessed. */
    @Validate
    public void everyRequestNotifiedTheMainLoop() {
        if (notified.get() != posted.get()) {
            throw new AssertionError("main loop notified " + notified.get() + " times for " + posted.get() + " requests");
        }
    }

    /** Systematic interleavings of posters and takers. */
    @Test
    void modelChecking() {
        LinChecker.check(SystemRequestsConcurrencyTest.class, new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(2)
                .checkObstructionFreedom(true));
    }

    /** The slots as plain fields: last writer wins, take returns and clears. */
    public static final class Spec {
        private ShutdownCause shutdown = ShutdownCause.NONE;
        private ShutdownCause reset = ShutdownCause.NONE;
        private RunState vmstop;
        private boolean powerdown;

        /**
         * Sequential shutdown request.
         *
         * @param c cause index
         */
        public void shutdown(final int c) {
            shutdown = CAUSES[c];
        }

        /**
         * Sequential reset request.
         *
         * @param c cause index
         */
        public void reset(final int c) {
            reset = CAUSES[c];
        }

        /**
         * Sequential vmstop request.
         *
         * @param s state index
         */
        public void vmstop(final int s) {
            vmstop = STOP_STATES[s];
        }

        /** Sequential powerdown request. */
        public void powerdown() {
            powerdown = true;
        }

        /**
         * Sequential take.
         *
         * @return as {@link SystemRequestsConcurrencyTest#takeShutdown}
         */
        public String takeShutdown() {
            ShutdownCause c = shutdown;
            shutdown = ShutdownCause.NONE;
            return c.wireName();
        }

        /**
         * Sequential take.
         *
         * @return as {@link SystemRequestsConcurrencyTest#takeReset}
         */
        public String takeReset() {
            ShutdownCause c = reset;
            reset = ShutdownCause.NONE;
            return c.wireName();
        }

        /**
         * Sequential take.
         *
         * @return as {@link SystemRequestsConcurrencyTest#takeVmstop}
         */
        public String takeVmstop() {
            RunState s = vmstop;
            vmstop = null;
            return s == null ? "-" : s.wireName();
        }

        /**
         * Sequential take.
         *
         * @return as {@link SystemRequestsConcurrencyTest#takePowerdown}
         */
        public boolean takePowerdown() {
            boolean p = powerdown;
            powerdown = false;
            return p;
        }
    }
}
