package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Termination;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/**
 * A stage-2 expiry runs the core's shared watchdog action performer: WATCHDOG first, then the
 * action (devices.md §1.8), chosen by -watchdog-action, -action watchdog=, watchdog-set-action
 * and set-action (§1.9).
 */
class WatchdogActionsTest {
    /** The scenarios' preloads: 509 per stage at 1 kHz (about 1.0 s in all). */
    private static final long EXPIRY = 2 * 509 * 983_040L;

    /** {@code h} with BAR0 mapped, armed with the scenarios' preloads and stepped to the stage-2 expiry. */
    private static EsbHarness expired(final EsbHarness h) {
        try {
            h.mapBar();
            h.arm(509, 509);
            h.step(EXPIRY);
            return h;
        } catch (RuntimeException | Error e) {
            h.close();
            throw e;
        }
    }

    @Test
    void resetEmitsWatchdogThenAGuestReset() {
        try (EsbHarness h = expired(EsbHarness.stepped())) {
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.RESET),
                    new ResetEvent(true, ShutdownCause.GUEST_RESET));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void resetLeavesTheRebootedFlagForTheNextBoot() {
        try (EsbHarness h = expired(EsbHarness.stepped())) {
            assertThat(h.cfgRead(0x10, 4)).isZero(); // the system reset unmapped BAR0
            h.mapBar();
            assertThat(h.readMem(EsbHarness.BAR + 0x0c, 2)).isEqualTo(0x1200L);
            assertThat(h.lockRegister()).isZero();
        }
    }

    @Test
    void resetWithNoRebootBecomesAShutdown() {
        try (EsbHarness h = expired(EsbHarness.stepped(new ActionCommandLine().noReboot()))) {
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "SHUTDOWN");
        }
    }

    @Test
    void shutdownIsAPowerdownAndTheVmKeepsRunning() {
        try (EsbHarness h = expired(EsbHarness.stepped("shutdown"))) {
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "POWERDOWN");
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.lockRegister()).isZero();
        }
    }

    @Test
    void poweroffExitsAtOnceWithoutShutdownEvent() {
        try (EsbHarness h = EsbHarness.stepped(new ActionCommandLine().action("watchdog=poweroff"))) {
            h.mapBar();
            h.arm(509, 509);
            h.machine.submit(() -> h.machine.stepVirtualClock(EXPIRY));
            assertThat(h.awaitTermination()).isEqualTo(new Termination(0, true));
            assertThat(h.eventNames()).containsExactly("WATCHDOG");
            assertThat(h.events().get(0)).isEqualTo(new WatchdogEvent(WatchdogAction.POWEROFF));
        }
    }

    @Test
    void pauseStopsInStateWatchdogAndContResumesWithTheDeviceDisarmed() {
        try (EsbHarness h = expired(EsbHarness.stepped("pause"))) {
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "STOP");
            assertThat(h.state()).isEqualTo(RunState.WATCHDOG);
            h.qmp(() -> h.machine.commands().cont());
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            assertThat(h.lockRegister()).isZero();
            h.step(10 * EXPIRY);
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "STOP", "RESUME");
        }
    }

    @Test
    void debugPrintsAndKeepsRunning() {
        try (EsbHarness h = expired(EsbHarness.stepped("debug"))) {
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.DEBUG));
            assertThat(h.stderr).containsExactly("watchdog: timer fired");
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void noneOnlyEmits() {
        try (EsbHarness h = expired(EsbHarness.stepped("none"))) {
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void injectNmiReachesEveryVcpuAndKeepsRunning() {
        try (EsbHarness h = expired(EsbHarness.custom(org.runstate.core.clock.VirtualClock.Mode.STEPPED,
                new ActionCommandLine().watchdogAction("inject-nmi"), EsbHarness.DEVFN, b -> b.vcpus(2)))) {
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.INJECT_NMI));
            assertThat(h.machine.vcpus().vcpus()).allSatisfy(v -> assertThat(v.nmiCount()).isEqualTo(1));
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void watchdogSetActionAppliesToTheNextExpiry() {
        try (EsbHarness h = EsbHarness.stepped("pause").withBarMapped()) {
            h.arm(509, 509);
            h.qmp(() -> h.machine.commands().watchdogSetAction(new WatchdogSetActionCommand(WatchdogAction.NONE)));
            h.step(EXPIRY);
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
        }
    }

    @Test
    void setActionAppliesToTheNextExpiry() {
        try (EsbHarness h = EsbHarness.stepped().withBarMapped()) {
            h.arm(509, 509);
            h.qmp(() -> h.machine.commands().setAction(new SetActionCommand(null, null, null, WatchdogAction.PAUSE)));
            h.step(EXPIRY);
            assertThat(h.eventNames()).containsExactly("WATCHDOG", "STOP");
            assertThat(h.state()).isEqualTo(RunState.WATCHDOG);
        }
    }

    @Test
    void lastActionOptionWins() {
        ActionCommandLine cli = new ActionCommandLine().watchdogAction("pause").action("watchdog=debug");
        try (EsbHarness h = expired(EsbHarness.stepped(cli))) {
            assertThat(h.events()).containsExactly(new WatchdogEvent(WatchdogAction.DEBUG));
        }
    }
}
