package org.runstate.core.qapi;

/**
 * {@code set-action}: changes the actions that are present (in the order reboot, panic, watchdog,
 * shutdown, as QEMU applies them); {@code {}} changes nothing. Allowed in preconfig.
 *
 * @param reboot the new reboot action, or {@code null} to keep it
 * @param shutdown the new shutdown action, or {@code null} to keep it
 * @param panic the new panic action, or {@code null} to keep it
 * @param watchdog the new watchdog action, or {@code null} to keep it
 */
@QapiName("set-action")
public record SetActionCommand(@QapiOptional RebootAction reboot, @QapiOptional ShutdownAction shutdown,
        @QapiOptional PanicAction panic, @QapiOptional WatchdogAction watchdog) implements QapiCommand<Void> {
}
