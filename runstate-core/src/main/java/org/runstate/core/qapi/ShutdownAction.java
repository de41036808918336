package org.runstate.core.qapi;

/** What a guest shutdown does (QAPI {@code ShutdownAction}). */
@QapiName("ShutdownAction")
public enum ShutdownAction implements QapiEnum {
    /** Shut the VM down and exit. */
    POWEROFF,
    /** Pause the VM in run state {@code shutdown} ({@code -no-shutdown}). */
    PAUSE
}
