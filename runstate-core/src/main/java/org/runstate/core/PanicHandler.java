package org.runstate.core;

import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.GuestCrashloadedEvent;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformation;
import org.runstate.core.qapi.GuestPanicInformationHyperV;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuRunLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest panic path shared by pvpanic, the Hyper-V crash MSRs and s390
 * ({@code qemu_system_guest_panicked}, {@code qemu_system_guest_crashloaded}). Any thread may call
 * it; from a vCPU (or qtest acting as one) the stop is a request, so with panic action shutdown
 * the SHUTDOWN is processed first and no STOP is seen, as with a real guest.
 */
public final class PanicHandler {
    /** QEMU logs these under {@code -d guest_errors}. */
    private static final Logger GUEST_ERRORS = LoggerFactory.getLogger("org.runstate.guest_errors");

    private final RunStateActions actions;
    private final EventBus events;
    private final RunControl control;
    private final SystemRequests requests;

    PanicHandler(final RunStateActions actions, final EventBus events, final RunControl control,
            final SystemRequests requests) {
        this.actions = actions;
        this.events = events;
        this.control = control;
        this.requests = requests;
    }

    /**
     * The guest panicked. Emits GUEST_PANICKED with the action decided from the panic and shutdown
     * actions, then: pause stops in {@code guest-panicked}; poweroff stops and requests a shutdown
     * (guest-panic, exit status 1 for exit-failure); run does nothing more.
     *
     * @param info extra information, or {@code null} (pvpanic has none)
     */
    public void guestPanicked(final GuestPanicInformation info) {
        GUEST_ERRORS.warn("Guest crashed{}", describe(info));
        Vcpu self = VcpuRunLoop.current();
        if (self != null) {
            self.setCrashOccurred(true);
        }
        PanicAction panic = actions.panic();
        if (panic == PanicAction.PAUSE
                || panic == PanicAction.SHUTDOWN && actions.shutdown() == ShutdownAction.PAUSE) {
            events.emit(new GuestPanickedEvent(GuestPanicAction.PAUSE, info));
            control.vmStop(RunState.GUEST_PANICKED);
        } else if (panic == PanicAction.SHUTDOWN || panic == PanicAction.EXIT_FAILURE) {
            // QEMU reports "poweroff" even when shutdown=pause makes exit-failure stop instead
            events.emit(new GuestPanickedEvent(GuestPanicAction.POWEROFF, info));
            // QEMU posts both requests under the BQL, so the main loop sees them together and the
            // shutdown wins. Without that lock, post the shutdown first: the control thread can
            // then never take the vmstop alone and show a STOP that QEMU does not.
            requests.shutdown(ShutdownCause.GUEST_PANIC);
            control.vmStop(RunState.GUEST_PANICKED);
        } else {
            events.emit(new GuestPanickedEvent(GuestPanicAction.RUN, info));
        }
    }

    /**
     * The guest loaded a crash kernel: GUEST_CRASHLOADED with action run, nothing else, whatever
     * the actions.
     *
     * @param info extra information, or {@code null}
     */
    public void guestCrashloaded(final GuestPanicInformation info) {
        GUEST_ERRORS.warn("Guest crash loaded");
        events.emit(new GuestCrashloadedEvent(GuestPanicAction.RUN, info));
    }

    private static String describe(final GuestPanicInformation info) {
        if (info instanceof GuestPanicInformationHyperV h) {
            return String.format("%nHV crash parameters: (%#x %#x %#x %#x %#x)",
                    h.arg1(), h.arg2(), h.arg3(), h.arg4(), h.arg5());
        }
        if (info instanceof GuestPanicInformationS390 s) {
            return String.format(" on cpu %d: %s%nPSW: 0x%016x 0x%016x", s.core(), s.reason().wireName(),
                    s.pswMask(), s.pswAddr());
        }
        return "";
    }
}
