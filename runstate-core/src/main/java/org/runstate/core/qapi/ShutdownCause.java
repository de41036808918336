package org.runstate.core.qapi;

/** Why a shutdown or reset happened (QAPI {@code ShutdownCause}); every value from {@link #GUEST_SHUTDOWN} on counts as guest-caused. */
@QapiName("ShutdownCause")
public enum ShutdownCause implements QapiEnum {
    /** No shutdown request pending (also: a reset with no event). */
    NONE,
    /** An error prevents further use of the guest. */
    HOST_ERROR,
    /** QMP {@code quit}. */
    HOST_QMP_QUIT,
    /** QMP {@code system_reset}. */
    HOST_QMP_SYSTEM_RESET,
    /** SIGINT, SIGHUP or SIGTERM. */
    HOST_SIGNAL,
    /** A user interface closed the window. */
    HOST_UI,
    /** The guest powered off (ACPI S5 and the like). */
    GUEST_SHUTDOWN,
    /** The guest reset (0xCF9, keyboard controller, triple fault, watchdog reset). */
    GUEST_RESET,
    /** The guest panicked and the panic action shuts it down. */
    GUEST_PANIC,
    /** A partial guest reset that does not trigger QMP events. */
    SUBSYSTEM_RESET,
    /** A snapshot is being loaded. */
    SNAPSHOT_LOAD
}
