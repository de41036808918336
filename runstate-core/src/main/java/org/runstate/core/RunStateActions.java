package org.runstate.core;

import java.util.Objects;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.RebootAction;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.WatchdogAction;

/**
 * The four run-state actions (softmmu/runstate-action.c and hw/watchdog/watchdog.c), with QEMU's
 * defaults: reboot {@code reset}, shutdown {@code poweroff}, panic {@code shutdown}, watchdog
 * {@code reset}. Any thread may read or change them.
 */
public final class RunStateActions {
    private volatile RebootAction reboot = RebootAction.RESET;
    private volatile ShutdownAction shutdown = ShutdownAction.POWEROFF;
    private volatile PanicAction panic = PanicAction.SHUTDOWN;
    private volatile WatchdogAction watchdog = WatchdogAction.RESET;

    /**
     * {@code qmp_set_action}: applies the members present, in QEMU's order reboot, panic, watchdog,
     * then shutdown. Never fails; {@code {}} changes nothing.
     *
     * @param command the members to change
     */
    public void set(final SetActionCommand command) {
        if (command.reboot() != null) {
            reboot = command.reboot();
        }
        if (command.panic() != null) {
            panic = command.panic();
        }
        if (command.watchdog() != null) {
            watchdog = command.watchdog();
        }
        if (command.shutdown() != null) {
            shutdown = command.shutdown();
        }
    }

    /**
     * {@code qmp_watchdog_set_action}.
     *
     * @param action the new watchdog action
     */
    public void setWatchdog(final WatchdogAction action) {
        watchdog = Objects.requireNonNull(action, "action");
    }

    /** What {@code quit}, host signals and a UI close do first: make the coming shutdown exit. */
    public void forcePoweroff() {
        shutdown = ShutdownAction.POWEROFF;
    }

    /**
     * The reboot action.
     *
     * @return what a guest reset does
     */
    public RebootAction reboot() {
        return reboot;
    }

    /**
     * The shutdown action.
     *
     * @return what a guest shutdown does
     */
    public ShutdownAction shutdown() {
        return shutdown;
    }

    /**
     * The panic action.
     *
     * @return what a guest panic does
     */
    public PanicAction panic() {
        return panic;
    }

    /**
     * The watchdog action.
     *
     * @return what a watchdog expiry does
     */
    public WatchdogAction watchdog() {
        return watchdog;
    }

    @Override
    public String toString() {
        return "reboot=" + reboot.wireName() + ",shutdown=" + shutdown.wireName() + ",panic=" + panic.wireName()
                + ",watchdog=" + watchdog.wireName();
    }
}
