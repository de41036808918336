package org.runstate.stress.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.runstate.core.ControlThreadTestAccess;
import org.runstate.core.SystemRequests;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.state.AtomicRunState;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * jcstress proofs for {@link SystemRequests}' request slots: a device thread posts while the
 * control thread takes ({@code main_loop_should_exit}). A posted request is taken exactly once,
 * either by the racing take or by the next one (the arbiter); it is never lost, never taken twice,
 * and every post wakes the main loop.
 *
 * <p>Codes of what a take returned: 0 = nothing pending, 1 = guest-shutdown, 2 = host-qmp-quit,
 * 3 = guest-reset, 9 = any other cause.
 */
public final class SystemRequestsStress {
    private SystemRequestsStress() {
    }

    static int code(final ShutdownCause c) {
        return switch (c) {
            case NONE -> 0;
            case GUEST_SHUTDOWN -> 1;
            case HOST_QMP_QUIT -> 2;
            case GUEST_RESET -> 3;
            default -> 9;
        };
    }

    /** Fresh slots, as the machine builds them; the vCPU loop is never started (no threads). */
    @State
    public static class Slots {
        final AtomicInteger wakeups = new AtomicInteger();
        final SystemRequests requests = ControlThreadTestAccess.systemRequests(new AtomicRunState(RunState.RUNNING, null),
                new VcpuRunLoop(1, VcpuEngine.IDLE), wakeups::incrementAndGet);
    }

    /**
     * {@code qemu_system_shutdown_request} against {@code qemu_shutdown_requested}.
     *
     * <p>r1 = what the racing take got, r2 = what the arbiter's take got, r3 = main-loop wake-ups.
     */
    @JCStressTest
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "taken exactly once, by the race or afterwards")
    @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "lost request")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "request taken twice")
    @Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "the main loop was not woken")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class ShutdownPostVersusTake extends Slots {
        @Actor
        public void device() {
            requests.shutdown(ShutdownCause.GUEST_SHUTDOWN);
        }

        @Actor
        public void control(final III_Result r) {
            r.r1 = code(ControlThreadTestAccess.takeShutdown(requests));
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r2 = code(ControlThreadTestAccess.takeShutdown(requests));
            r.r3 = wakeups.get();
        }
    }

    /**
     * A guest reset request ({@code qemu_system_reset_request}) against the control thread taking
     * it.
     *
     * <p>r1 = the racing take, r2 = the arbiter's take.
     */
    @JCStressTest
    @Outcome(id = {"3, 0", "0, 3"}, expect = ACCEPTABLE, desc = "taken exactly once")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost request")
    @Outcome(id = "3, 3", expect = FORBIDDEN, desc = "request taken twice")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class ResetPostVersusTake extends Slots {
        @Actor
        public void device() {
            requests.reset(ShutdownCause.GUEST_RESET);
        }

        @Actor
        public void control(final II_Result r) {
            r.r1 = code(ControlThreadTestAccess.takeReset(requests));
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = code(ControlThreadTestAccess.takeReset(requests));
        }
    }

    /**
     * Two shutdown requests with different causes, one posted by the guest, the other by QMP on
     * the control thread, which then takes the slot. The slot keeps one request (the last writer
     * wins, as in QEMU), so the take right after the control thread's own post always finds
     * something, and no cause is ever taken twice.
     *
     * <p>r1 = the control thread's take, r2 = the arbiter's take.
     */
    @JCStressTest
    @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "guest first: QMP's later request overwrote it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "guest between QMP's post and take: the guest's overwrote it")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "guest after the take: taken next time")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a take right after a post found nothing")
    @Outcome(id = {"1, 1", "2, 2"}, expect = FORBIDDEN, desc = "a request taken twice")
    @Outcome(id = "1, 2", expect = FORBIDDEN, desc = "the overwritten request came back")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class LastWriterWins extends Slots {
        @Actor
        public void guest() {
            requests.shutdown(ShutdownCause.GUEST_SHUTDOWN);
        }

        @Actor
        public void control(final II_Result r) {
            requests.shutdown(ShutdownCause.HOST_QMP_QUIT);
            r.r1 = code(ControlThreadTestAccess.takeShutdown(requests));
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = code(ControlThreadTestAccess.takeShutdown(requests));
        }
    }

    /**
     * {@code qemu_system_vmstop_request} against the control thread's take: "no request" is a
     * sentinel outside the state range, so the slot can never confuse it with a state.
     *
     * <p>r1 = the racing take, r2 = the arbiter's take: 1 for {@code paused}, 0 for none.
     */
    @JCStressTest
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "taken exactly once")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost vmstop request")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "vmstop taken twice")
    @Outcome(expect = FORBIDDEN, desc = "anything else, e.g. a state nobody requested")
    @State
    public static class VmstopPostVersusTake extends Slots {
        @Actor
        public void device() {
            requests.vmstop(RunState.PAUSED);
        }

        @Actor
        public void control(final II_Result r) {
            r.r1 = vmstopCode(ControlThreadTestAccess.takeVmstop(requests));
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = vmstopCode(ControlThreadTestAccess.takeVmstop(requests));
        }

        private static int vmstopCode(final RunState s) {
            return s == null ? 0 : s == RunState.PAUSED ? 1 : 99;
        }
    }
}
