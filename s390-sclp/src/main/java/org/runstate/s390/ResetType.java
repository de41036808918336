package org.runstate.s390;

/**
 * What the next machine reset does ({@code enum s390_reset}, hw/s390x/ipl.h). A guest's DIAGNOSE
 * 0x308 stores it before requesting the reset; {@code s390_machine_reset} consumes it and puts
 * back {@link #EXTERNAL}, which is what {@code system_reset} and every other reset get.
 */
enum ResetType {
    /** {@code system_reset} and friends: all devices and CPUs reset, CPU 0 IPLed. */
    EXTERNAL,
    /** DIAG 308 subcode 3, load clear: as {@link #EXTERNAL} (the clearing is not implemented in 7.2 either). */
    REIPL,
    /** DIAG 308 subcode 0: subsystem reset, clear reset of every CPU, load normal on the caller. */
    MODIFIED_CLEAR,
    /** DIAG 308 subcode 1: subsystem reset, normal reset of the others, initial reset and load normal on the caller. */
    LOAD_NORMAL;

    /**
     * Whether {@code s390_ipl_reset_request} asks for a subsystem reset (no RESET event,
     * {@code -no-reboot} ignored) rather than a guest reset.
     *
     * @return true for modified clear and load normal
     */
    boolean isSubsystemReset() {
        return this == MODIFIED_CLEAR || this == LOAD_NORMAL;
    }
}
