package org.runstate.core;

import java.util.List;
import java.util.function.Consumer;
import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.SuspendEvent;
import org.runstate.core.qapi.WakeupEvent;
import org.runstate.core.state.InvalidRunStateTransitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU's {@code main_loop_should_exit}: takes the pending requests in the fixed order debug,
 * suspend, shutdown, reset, wakeup, powerdown, vmstop, and acts on them. Control thread only.
 *
 * <p>Where QEMU would abort on a forbidden transition (a suspend request processed after a
 * {@code stop} slipped in: {@code 'paused' -> 'suspended'}), the stale request is dropped and
 * logged instead, and the machine carries on.
 */
final class RequestProcessor {
    /** Returned by {@link #process()} while the machine should keep running. */
    static final int CONTINUE = -1;

    private static final Logger LOG = LoggerFactory.getLogger(RequestProcessor.class);

    private final RunStateFunnel state;
    private final SystemRequests requests;
    private final RunControl control;
    private final RunStateActions actions;
    private final EventBus events;
    private final MachineNotifiers notifiers;
    private final Consumer<String> errorReport;

    RequestProcessor(final RunStateFunnel state, final SystemRequests requests, final RunControl control,
            final RunStateActions actions, final EventBus events, final MachineNotifiers notifiers,
            final Consumer<String> errorReport) {
        this.state = state;
        this.requests = requests;
        this.control = control;
        this.actions = actions;
        this.events = events;
        this.notifiers = notifiers;
        this.errorReport = errorReport;
    }

    /**
     * One pass of {@code main_loop_should_exit}.
     *
     * @return {@link #CONTINUE}, or the process exit status when the machine must end
     */
    int process() {
        if (requests.takeDebug()) {
            control.vmStop(RunState.DEBUG);
        }
        if (requests.takeSuspend()) {
            suspend();
        }
        ShutdownCause shutdown = requests.takeShutdown();
        if (shutdown != ShutdownCause.NONE) {
            String kill = requests.takeKillReport();
            if (kill != null) {
                errorReport.accept(kill);
            }
            events.emit(new ShutdownEvent(RunControl.isGuestCause(shutdown), shutdown));
            notify(notifiers.shutdown, shutdown);
            if (actions.shutdown() == ShutdownAction.PAUSE) {
                // not running (already stopped): SHUTDOWN was sent but the state stays, as in QEMU
                control.vmStop(RunState.SHUTDOWN);
            } else {
                return shutdown == ShutdownCause.GUEST_PANIC && actions.panic() == PanicAction.EXIT_FAILURE ? 1 : 0;
            }
        }
        ShutdownCause reset = requests.takeReset();
        if (reset != ShutdownCause.NONE) {
            reset(reset);
        }
        WakeupReason wakeup = requests.pendingWakeup();
        if (wakeup != WakeupReason.NONE) {
            control.pauseAllVcpus();
            notifiers.wakeupHandler.run();
            notify(notifiers.wakeup, wakeup);
            requests.clearWakeup();
            control.resumeAllVcpus();
            events.emit(WakeupEvent.INSTANCE);
        }
        if (requests.takePowerdown()) {
            events.emit(org.runstate.core.qapi.PowerdownEvent.INSTANCE);
            notify(notifiers.powerdown, null);
        }
        RunState vmstop = requests.takeVmstop();
        if (vmstop != null) {
            control.vmStop(vmstop);
        }
        return CONTINUE;
    }

    private void suspend() {
        control.pauseAllVcpus();
        notify(notifiers.suspend, null);
        try {
            state.transition(RunState.SUSPENDED);
        } catch (InvalidRunStateTransitionException e) {
            LOG.warn("dropping a stale suspend request: {} (QEMU 7.2 aborts here)", e.getMessage());
            return;
        }
        events.emit(SuspendEvent.INSTANCE);
    }

    private void reset(final ShutdownCause cause) {
        control.pauseAllVcpus();
        control.systemReset(cause);
        control.resumeAllVcpus();
        // the run state may have moved while the vCPUs were pausing
        RunState now = state.get();
        if (now != RunState.RUNNING && now != RunState.INMIGRATE && now != RunState.FINISH_MIGRATE) {
            try {
                state.transition(RunState.PRELAUNCH);
            } catch (InvalidRunStateTransitionException e) {
                LOG.warn("reset could not enter prelaunch: {} (QEMU 7.2 aborts here)", e.getMessage());
            }
        }
    }

    private static <T> void notify(final List<Consumer<T>> list, final T value) {
        for (Consumer<T> c : list) {
            c.accept(value);
        }
    }
}
