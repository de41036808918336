package org.runstate.core.qapi;

/** The action reported in GUEST_PANICKED and GUEST_CRASHLOADED (QAPI {@code GuestPanicAction}). */
@QapiName("GuestPanicAction")
public enum GuestPanicAction implements QapiEnum {
    /** The VM was paused. */
    PAUSE,
    /** The VM is being powered off. */
    POWEROFF,
    /** The VM keeps running. */
    RUN
}
