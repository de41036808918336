package org.runstate.core.qapi;

import java.util.Objects;

/**
 * The guest panicked.
 *
 * @param action what the VM does about it
 * @param info extra information, or {@code null} when the device gives none (pvpanic)
 */
@QapiName("GUEST_PANICKED")
public record GuestPanickedEvent(GuestPanicAction action, @QapiOptional GuestPanicInformation info)
        implements RunStateEvent {
    /**
     * Checks that {@code action} is present.
     *
     * @param action what the VM does about it
     * @param info extra information, or {@code null}
     */
    public GuestPanickedEvent {
        Objects.requireNonNull(action, "action");
    }
}
