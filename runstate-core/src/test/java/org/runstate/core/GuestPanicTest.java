package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.GuestCrashloadedEvent;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationHyperV;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/** The panic action matrix (reference §3.7), raised as a guest would: from vCPU context. */
class GuestPanicTest {
    private static MachineHarness withActions(final String actions) {
        ActionCommandLine cli = new ActionCommandLine();
        if (!actions.isEmpty()) {
            cli.action(actions);
        }
        return MachineHarness.start(b -> b.actions(cli.toCommand()));
    }

    /** A machine under {@code actions} whose guest (vCPU context) has just reported a panic without information. */
    private static MachineHarness panickedAsAGuestUnder(final String actions) {
        MachineHarness h = withActions(actions);
        h.guest(() -> h.machine.panics().guestPanicked(null));
        return h;
    }

    @Test
    void defaultPanicPowersOffWithoutAStopAndExitsZero() {
        try (MachineHarness h = panickedAsAGuestUnder("")) {
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, false));
            assertThat(h.events()).containsExactly(new GuestPanickedEvent(GuestPanicAction.POWEROFF, null),
                    new ShutdownEvent(true, ShutdownCause.GUEST_PANIC));
        }
    }

    @Test
    void panicPauseStopsInGuestPanickedAndContResumes() {
        try (MachineHarness h = panickedAsAGuestUnder("panic=pause")) {
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
            assertThat(h.events()).containsExactly(new GuestPanickedEvent(GuestPanicAction.PAUSE, null), StopEvent.INSTANCE);
            assertThat(h.machine.vcpus().vcpus().get(0).crashOccurred()).isTrue();
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void noShutdownTurnsTheDefaultPanicIntoPause() {
        try (MachineHarness h = MachineHarness.start(b -> b.actions(new ActionCommandLine().noShutdown().toCommand()))) {
            h.guest(() -> h.machine.panics().guestPanicked(null));
            assertThat(h.state()).isEqualTo(RunState.GUEST_PANICKED);
            assertThat(h.eventNames()).containsExactly("GUEST_PANICKED", "STOP");
        }
    }

    @Test
    void panicNoneKeepsRunning() {
        try (MachineHarness h = panickedAsAGuestUnder("panic=none")) {
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.events()).containsExactly(new GuestPanickedEvent(GuestPanicAction.RUN, null));
        }
    }

    @Test
    void exitFailureExitsWithStatusOne() {
        try (MachineHarness h = panickedAsAGuestUnder("panic=exit-failure")) {
            assertThat(h.awaitTermination().exitStatus()).isEqualTo(1);
            assertThat(h.eventNames()).containsExactly("GUEST_PANICKED", "SHUTDOWN");
        }
    }

    @Test
    void exitFailureWithShutdownPauseReportsPoweroffButStopsInShutdown() {
        try (MachineHarness h = panickedAsAGuestUnder("panic=exit-failure,shutdown=pause")) {
            assertThat(h.state()).isEqualTo(RunState.SHUTDOWN);
            assertThat(h.events()).containsExactly(new GuestPanickedEvent(GuestPanicAction.POWEROFF, null),
                    new ShutdownEvent(true, ShutdownCause.GUEST_PANIC), StopEvent.INSTANCE);
        }
    }

    @Test
    void panicOnTheControlThreadStopsAtOnceSoStopPrecedesShutdown() {
        try (MachineHarness h = withActions("")) {
            h.qmp(() -> h.machine.panics().guestPanicked(null));
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.eventNames()).as("qtest-driven QEMU order").containsExactly("GUEST_PANICKED", "STOP", "SHUTDOWN");
        }
    }

    @Test
    void crashLoadedOnlyReportsRunWhateverTheActions() {
        try (MachineHarness h = withActions("panic=pause")) {
            GuestPanicInformationHyperV info = new GuestPanicInformationHyperV(1, 2, 3, 4, 5);
            h.guest(() -> h.machine.panics().guestCrashloaded(info));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.events()).containsExactly(new GuestCrashloadedEvent(GuestPanicAction.RUN, info));
        }
    }

    @Test
    void resetAfterAPanicClearsTheCrashFlagAndLandsInPrelaunch() {
        try (MachineHarness h = withActions("panic=pause")) {
            h.guest(() -> h.machine.panics().guestPanicked(new GuestPanicInformationHyperV(0xdead, 0, 0, 0, 0)));
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.state()).isEqualTo(RunState.PRELAUNCH);
            assertThat(h.machine.vcpus().vcpus().get(0).crashOccurred()).isFalse();
        }
    }
}
