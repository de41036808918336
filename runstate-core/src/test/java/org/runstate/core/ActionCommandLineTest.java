package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.RebootAction;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.WatchdogAction;

class ActionCommandLineTest {
    @Test
    void nothingGivenChangesNothing() {
        assertThat(new ActionCommandLine().toCommand()).isEqualTo(new SetActionCommand(null, null, null, null));
    }

    @Test
    void noRebootAndNoShutdownAreActionShorthands() {
        assertThat(new ActionCommandLine().noReboot().noShutdown().toCommand())
                .isEqualTo(new SetActionCommand(RebootAction.SHUTDOWN, ShutdownAction.PAUSE, null, null));
    }

    @Test
    void theLastOccurrenceOfAKeyWins() {
        assertThat(new ActionCommandLine().action("watchdog=pause").watchdogAction("none").toCommand().watchdog())
                .isEqualTo(WatchdogAction.NONE);
        assertThat(new ActionCommandLine().action("panic=pause,panic=none").toCommand().panic()).isEqualTo(PanicAction.NONE);
    }

    @Test
    void severalActionOptionsMerge() {
        assertThat(new ActionCommandLine().action("reboot=shutdown").action("panic=exit-failure").toCommand())
                .isEqualTo(new SetActionCommand(RebootAction.SHUTDOWN, null, PanicAction.EXIT_FAILURE, null));
    }

    @Test
    void badValuesGiveQemusMessages() {
        assertThatThrownBy(() -> new ActionCommandLine().action("panic=foo").toCommand())
                .hasMessage("Parameter 'panic' does not accept value 'foo'");
        assertThatThrownBy(() -> new ActionCommandLine().action("foo=bar"))
                .hasMessage("Invalid parameter 'foo'");
        assertThatThrownBy(() -> new ActionCommandLine().watchdogAction("foo").toCommand())
                .hasMessage("Parameter 'watchdog' does not accept value 'foo'");
    }

    @Test
    void setActionAppliesOnlyThePresentMembers() {
        RunStateActions actions = new RunStateActions();
        actions.set(new SetActionCommand(null, ShutdownAction.PAUSE, null, null));
        assertThat(actions.reboot()).isEqualTo(RebootAction.RESET);
        assertThat(actions.shutdown()).isEqualTo(ShutdownAction.PAUSE);
        assertThat(actions.panic()).isEqualTo(PanicAction.SHUTDOWN);
        assertThat(actions.watchdog()).isEqualTo(WatchdogAction.RESET);
    }
}
