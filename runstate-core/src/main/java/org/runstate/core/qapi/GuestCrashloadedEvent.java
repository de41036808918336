package org.runstate.core.qapi;

import java.util.Objects;

/**
 * The guest loaded a crash kernel; always action run.
 *
 * @param action what the VM does about it
 * @param info extra information, or {@code null} when the device gives none (pvpanic)
 */
@QapiName("GUEST_CRASHLOADED")
public record GuestCrashloadedEvent(GuestPanicAction action, @QapiOptional GuestPanicInformation info)
        implements RunStateEvent {
    /**
     * Checks that {@code action} is present.
     *
     * @param action what the VM does about it
     * @param info extra information, or {@code null}
     */
    public GuestCrashloadedEvent {
        Objects.requireNonNull(action, "action");
    }
}
