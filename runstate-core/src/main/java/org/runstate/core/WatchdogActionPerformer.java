package org.runstate.core;

import java.util.function.Consumer;
import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;

/**
 * {@code watchdog_perform_action}, shared by every watchdog device: emits WATCHDOG (rate-limited
 * by the event bus) and then acts, with QEMU 7.2's real behaviour where its documentation is wrong:
 * {@code shutdown} is a powerdown request (POWERDOWN, not SHUTDOWN), {@code poweroff} exits at once
 * with no SHUTDOWN event, {@code debug} only prints, and {@code pause} stops in state
 * {@code watchdog} through a request, always after the WATCHDOG event.
 */
public final class WatchdogActionPerformer {
    private final Machine machine;
    private final EventBus events;
    private final SystemRequests requests;
    private final Consumer<String> stderr;

    WatchdogActionPerformer(final Machine machine, final Consumer<String> stderr) {
        this.machine = machine;
        this.events = machine.events();
        this.requests = machine.requests();
        this.stderr = stderr;
    }

    /** A watchdog expired: act according to the current watchdog action. */
    public void perform() {
        WatchdogAction action = machine.actions().watchdog();
        events.emit(new WatchdogEvent(action));
        switch (action) {
            case RESET -> requests.reset(ShutdownCause.GUEST_RESET);
            case SHUTDOWN -> requests.powerdown();
            case POWEROFF -> machine.exitNow(0);
            case PAUSE -> requests.vmstop(RunState.WATCHDOG);
            case DEBUG -> stderr.accept("watchdog: timer fired");
            case NONE -> { }
            case INJECT_NMI -> {
                try {
                    machine.injectNmi();
                } catch (RunStateCommandException ignored) {
                    // QEMU ignores nmi_monitor_handle's error here
                }
            }
            default -> throw new AssertionError(action);
        }
    }
}
