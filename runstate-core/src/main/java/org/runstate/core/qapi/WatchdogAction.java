package org.runstate.core.qapi;

/** What a watchdog expiry does (QAPI {@code WatchdogAction}). */
@QapiName("WatchdogAction")
public enum WatchdogAction implements QapiEnum {
    /** Reset the system (a guest reset request). */
    RESET,
    /** Request a power-down (QEMU emits POWERDOWN, not SHUTDOWN). */
    SHUTDOWN,
    /** Exit at once, with no SHUTDOWN event. */
    POWEROFF,
    /** Pause the VM into run state {@code watchdog}. */
    PAUSE,
    /** Print a debug message and continue. */
    DEBUG,
    /** Do nothing. */
    NONE,
    /** Inject an NMI into the guest. */
    INJECT_NMI
}
