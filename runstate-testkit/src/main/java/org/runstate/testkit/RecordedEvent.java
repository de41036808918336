package org.runstate.testkit;

import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.RunStateEvent;

/**
 * An event as a {@link MachineRig} recorded it.
 *
 * @param stamped the event with its QMP timestamp
 * @param virtualNs the machine's virtual time when the event was delivered
 * @param hostNanos {@link System#nanoTime()} when the event was delivered
 */
public record RecordedEvent(TimestampedEvent stamped, long virtualNs, long hostNanos) {
    /**
     * The event itself.
     *
     * @return the event
     */
    public RunStateEvent event() {
        return stamped.event();
    }

    /**
     * Its QMP name.
     *
     * @return e.g. {@code STOP}
     */
    public String name() {
        return stamped.event().eventName();
    }
}
