package org.runstate.core.qapi;

/** A VM run state (QAPI {@code RunState}). Declaration order is QEMU's, so {@link #ordinal()} is QEMU's enum value and fits the packed state word. */
@QapiName("RunState")
public enum RunState implements QapiEnum {
    /** Stopped for the gdbstub or replay debugging. */
    DEBUG,
    /** Waiting for an incoming migration. */
    INMIGRATE,
    /** The accelerator hit an internal error; needs a reset. */
    INTERNAL_ERROR,
    /** A block device with werror/rerror=stop failed. */
    IO_ERROR,
    /** Stopped by {@code stop}. */
    PAUSED,
    /** Paused after a successful outgoing migration. */
    POSTMIGRATE,
    /** Not started yet ({@code -S}), or reset while not running. */
    PRELAUNCH,
    /** Paused to finish a migration. */
    FINISH_MIGRATE,
    /** Paused to load a snapshot. */
    RESTORE_VM,
    /** Running. */
    RUNNING,
    /** Paused to save a snapshot. */
    SAVE_VM,
    /** Shut down with shutdown action {@code pause}; needs a reset. */
    SHUTDOWN,
    /** In ACPI S3. */
    SUSPENDED,
    /** A watchdog fired with action {@code pause}. */
    WATCHDOG,
    /** The guest panicked with panic action {@code pause}. */
    GUEST_PANICKED,
    /** COLO checkpointing. */
    COLO
}
