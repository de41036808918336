package org.runstate.core.qapi;

/** What a guest reset does (QAPI {@code RebootAction}). */
@QapiName("RebootAction")
public enum RebootAction implements QapiEnum {
    /** Reset the VM. */
    RESET,
    /** Shut the VM down instead ({@code -no-reboot}). */
    SHUTDOWN
}
