package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.RebootAction;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.WatchdogAction;

/**
 * Random sequences of QMP commands and guest requests, each run as one control-loop task, against
 * a small sequential model of QEMU 7.2's rules written independently of the implementation. After
 * every step the run state, the events and the termination must agree with the model.
 */
class RunStateModelPropertyTest {
    enum Kind { STOP, CONT, SYSTEM_RESET, POWERDOWN, WAKEUP, GUEST_SUSPEND, GUEST_RESET, GUEST_SHUTDOWN, PANIC, WATCHDOG, SET_ACTION, QUIT }

    record Op(Kind kind, SetActionCommand actions) {
        @Override
        public String toString() {
            return kind == Kind.SET_ACTION ? "set-action " + actions : kind.name();
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<SetActionCommand> actions = Combinators.combine(
                Arbitraries.of(RebootAction.class).injectNull(0.5), Arbitraries.of(ShutdownAction.class).injectNull(0.5),
                Arbitraries.of(PanicAction.class).injectNull(0.5), Arbitraries.of(WatchdogAction.class).injectNull(0.5))
                .as(SetActionCommand::new);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), actions).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 150)
    void machineFollowsTheModel(@ForAll("ops") final List<Op> ops, @ForAll final boolean startPaused) {
        Model model = new Model(startPaused ? RunState.PRELAUNCH : RunState.RUNNING);
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(!startPaused).wakeupSupported(true)
                .clockMode(VirtualClock.Mode.STEPPED).nmi(NmiHandler.ALL_VCPUS))) {
            for (Op op : ops) {
                String expectedError = model.apply(op);
                String actualError = run(h, op);
                assertThat(actualError).as("error of %s", op).isEqualTo(expectedError);
                if (model.exitStatus >= 0) {
                    Termination t = h.awaitTermination();
                    assertThat(t.exitStatus()).as("exit status after %s", op).isEqualTo(model.exitStatus);
                    assertThat(t.immediate()).isEqualTo(model.immediate);
                    assertThat(h.eventNames()).as("events up to %s", op).isEqualTo(model.events);
                    return;
                }
                assertThat(h.state()).as("state after %s in %s", op, ops).isEqualTo(model.state);
                assertThat(h.eventNames()).as("events after %s in %s", op, ops).isEqualTo(model.events);
            }
        }
    }

    private static String run(final MachineHarness h, final Op op) {
        Machine m = h.machine;
        RunStateCommands c = m.commands();
        try {
            switch (op.kind) {
                case STOP -> h.qmp(c::stop);
                case CONT -> h.qmp(c::cont);
                case SYSTEM_RESET -> h.qmp(c::systemReset);
                case POWERDOWN -> h.qmp(c::systemPowerdown);
                case WAKEUP -> h.qmp(c::systemWakeup);
                case GUEST_SUSPEND -> h.guest(() -> m.requests().suspend());
                case GUEST_RESET -> h.guest(() -> m.requests().reset(org.runstate.core.qapi.ShutdownCause.GUEST_RESET));
                case GUEST_SHUTDOWN -> h.guest(() -> m.requests().shutdown(org.runstate.core.qapi.ShutdownCause.GUEST_SHUTDOWN));
                case PANIC -> h.guest(() -> m.panics().guestPanicked(null));
                case WATCHDOG -> h.qmp(() -> m.watchdog().perform());
                case SET_ACTION -> h.qmp(() -> c.setAction(op.actions));
                case QUIT -> h.qmp(c::quit);
                default -> throw new AssertionError(op);
            }
            return null;
        } catch (CompletionException e) {
            return e.getCause().getMessage();
        }
    }

    /** QEMU 7.2's rules, one step = the command plus one pass of main_loop_should_exit. */
    static final class Model {
        RunState state;
        final List<String> events = new ArrayList<>();
        RebootAction reboot = RebootAction.RESET;
        ShutdownAction shutdown = ShutdownAction.POWEROFF;
        PanicAction panic = PanicAction.SHUTDOWN;
        WatchdogAction watchdog = WatchdogAction.RESET;
        boolean watchdogWindowOpen; // the stepped clock never moves here, so the first window never ends
        int exitStatus = -1;
        boolean immediate;
        // pending requests of the current step
        String shutdownCause;
        String resetCause;
        boolean suspendRequested;
        boolean powerdownRequested;
        boolean wakeupRequested;
        RunState vmstop;

        Model(final RunState initial) {
            state = initial;
        }

        String apply(final Op op) {
            switch (op.kind) {
                case STOP -> stop(RunState.PAUSED);
                case CONT -> {
                    if (state == RunState.SHUTDOWN || state == RunState.INTERNAL_ERROR) {
                        return "Resetting the Virtual Machine is required";
                    }
                    if (state != RunState.SUSPENDED && state != RunState.RUNNING) {
                        events.add("RESUME");
                        state = RunState.RUNNING;
                    }
                }
                case SYSTEM_RESET -> resetRequest("host-qmp-system-reset");
                case POWERDOWN -> powerdownRequested = true;
                case WAKEUP -> {
                    if (state != RunState.SUSPENDED) {
                        return "Unable to wake up: guest is not in suspended state";
                    }
                    state = RunState.RUNNING;
                    wakeupRequested = true;
                }
                case GUEST_SUSPEND -> suspendRequested = state != RunState.SUSPENDED;
                case GUEST_RESET -> resetRequest("guest-reset");
                case GUEST_SHUTDOWN -> shutdownCause = "guest-shutdown";
                case PANIC -> panic();
                case WATCHDOG -> watchdog();
                case SET_ACTION -> setAction(op.actions);
                case QUIT -> {
                    shutdown = ShutdownAction.POWEROFF;
                    shutdownCause = "host-qmp-quit";
                }
                default -> throw new AssertionError(op);
            }
            if (exitStatus < 0) {
                processRequests();
            }
            return null;
        }

        private void stop(final RunState target) {
            if (state == RunState.RUNNING) {
                state = target;
                events.add("STOP");
            }
        }

        private void resetRequest(final String cause) {
            if (reboot == RebootAction.SHUTDOWN) {
                shutdownCause = cause;
            } else {
                resetCause = cause;
            }
        }

        private void panic() {
            events.add("GUEST_PANICKED");
            if (panic == PanicAction.PAUSE || panic == PanicAction.SHUTDOWN && shutdown == ShutdownAction.PAUSE) {
                vmstop = RunState.GUEST_PANICKED;
            } else if (panic != PanicAction.NONE) {
                vmstop = RunState.GUEST_PANICKED;
                shutdownCause = "guest-panic";
            }
        }

        private void watchdog() {
            if (!watchdogWindowOpen) {
                events.add("WATCHDOG");
                watchdogWindowOpen = true;
            }
            switch (watchdog) {
                case RESET -> resetRequest("guest-reset");
                case SHUTDOWN -> powerdownRequested = true;
                case POWEROFF -> {
                    exitStatus = 0;
                    immediate = true;
                }
                case PAUSE -> vmstop = RunState.WATCHDOG;
                default -> { }
            }
        }

        private void setAction(final SetActionCommand c) {
            if (c.reboot() != null) {
                reboot = c.reboot();
            }
            if (c.shutdown() != null) {
                shutdown = c.shutdown();
            }
            if (c.panic() != null) {
                panic = c.panic();
            }
            if (c.watchdog() != null) {
                watchdog = c.watchdog();
            }
        }

        private void processRequests() {
            if (suspendRequested) {
                suspendRequested = false;
                if (state == RunState.RUNNING) { // any other reachable state cannot enter suspended: dropped
                    state = RunState.SUSPENDED;
                    events.add("SUSPEND");
                }
            }
            if (shutdownCause != null) {
                String cause = shutdownCause;
                shutdownCause = null;
                events.add("SHUTDOWN");
                if (shutdown == ShutdownAction.PAUSE) {
                    stop(RunState.SHUTDOWN);
                } else {
                    exitStatus = cause.equals("guest-panic") && panic == PanicAction.EXIT_FAILURE ? 1 : 0;
                    return;
                }
            }
            if (resetCause != null) {
                resetCause = null;
                events.add("RESET");
                if (state != RunState.RUNNING) {
                    state = RunState.PRELAUNCH;
                }
            }
            if (wakeupRequested) {
                wakeupRequested = false;
                events.add("WAKEUP");
            }
            if (powerdownRequested) {
                powerdownRequested = false;
                events.add("POWERDOWN");
            }
            if (vmstop != null) {
                RunState s = vmstop;
                vmstop = null;
                stop(s);
            }
        }
    }
}
