package org.runstate.core.qapi;

/** What a guest panic does (QAPI {@code PanicAction}). */
@QapiName("PanicAction")
public enum PanicAction implements QapiEnum {
    /** Pause the VM in run state {@code guest-panicked}. */
    PAUSE,
    /** Shut down (following the shutdown action). */
    SHUTDOWN,
    /** Shut down and exit with status 1. */
    EXIT_FAILURE,
    /** Continue running. */
    NONE
}
