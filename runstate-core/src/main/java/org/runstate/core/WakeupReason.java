package org.runstate.core;

/** Why the guest wakes from S3 (QEMU's {@code WakeupReason}); {@link #OTHER} is always enabled. */
public enum WakeupReason {
    /** No wakeup pending. */
    NONE,
    /** The RTC alarm (enabled only when the guest sets RTC_EN). */
    RTC,
    /** The ACPI PM timer (enabled only when the guest sets TMR_EN). */
    PMTIMER,
    /** Anything else: QMP {@code system_wakeup}, keyboard, serial input, migration. */
    OTHER
}
