package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/** {@code watchdog_perform_action} (reference §3.8), with QEMU's real behaviour where its docs are wrong. */
class WatchdogActionTest {
    private static MachineHarness expire(final WatchdogAction action, final String extraActions) {
        ActionCommandLine cli = new ActionCommandLine().watchdogAction(action.wireName());
        if (!extraActions.isEmpty()) {
            cli.action(extraActions);
        }
        MachineHarness h = MachineHarness.start(b -> b.actions(cli.toCommand()).nmi(NmiHandler.ALL_VCPUS));
        h.qmp(() -> h.machine.watchdog().perform());
        return h;
    }

    @Test
    void resetEmitsWatchdogThenAGuestReset() {
        try (MachineHarness h = expire(WatchdogAction.RESET, "")) {
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.RESET),
                    new ResetEvent(true, ShutdownCause.GUEST_RESET));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void resetWithNoRebootShutsDown() {
        try (MachineHarness h = expire(WatchdogAction.RESET, "reboot=shutdown")) {
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "SHUTDOWN");
        }
    }

    @Test
    void shutdownIsAPowerdownRequestNotAShutdown() {
        try (MachineHarness h = expire(WatchdogAction.SHUTDOWN, "")) {
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "POWERDOWN");
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void poweroffExitsAtOnceWithoutAShutdownEvent() {
        try (MachineHarness h = expire(WatchdogAction.POWEROFF, "")) {
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, true));
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
        }
    }

    @Test
    void pauseStopsInStateWatchdogAfterTheWatchdogEvent() {
        try (MachineHarness h = expire(WatchdogAction.PAUSE, "")) {
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "STOP");
            assertThat(h.state()).isEqualTo(RunState.WATCHDOG);
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void debugOnlyPrintsAndDoesNotEnterTheDebugState() {
        try (MachineHarness h = expire(WatchdogAction.DEBUG, "")) {
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
            assertThat(h.stderr).containsExactly("watchdog: timer fired");
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void noneOnlyEmits() {
        try (MachineHarness h = expire(WatchdogAction.NONE, "")) {
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
        }
    }

    @Test
    void injectNmiDeliversAnNmi() {
        try (MachineHarness h = expire(WatchdogAction.INJECT_NMI, "")) {
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
            assertThat(h.machine.vcpus().vcpus().get(0).nmiCount()).isEqualTo(1);
        }
    }

    @Test
    void watchdogSetActionChangesTheActionAtRuntime() {
        try (MachineHarness h = MachineHarness.start(b -> b)) {
            h.qmp(() -> h.machine.commands().watchdogSetAction(new WatchdogSetActionCommand(WatchdogAction.NONE)));
            h.qmp(() -> h.machine.watchdog().perform());
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
        }
    }
}
