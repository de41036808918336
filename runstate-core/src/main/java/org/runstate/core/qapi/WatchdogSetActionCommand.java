package org.runstate.core.qapi;

import java.util.Objects;

/**
 * {@code watchdog-set-action}: sets the watchdog action; never fails once its argument is valid.
 *
 * @param action the new watchdog action
 */
@QapiName("watchdog-set-action")
public record WatchdogSetActionCommand(WatchdogAction action) implements QapiCommand<Void> {
    /**
     * Checks that {@code action} is present.
     *
     * @param action the new watchdog action
     */
    public WatchdogSetActionCommand {
        Objects.requireNonNull(action, "action");
    }
}
