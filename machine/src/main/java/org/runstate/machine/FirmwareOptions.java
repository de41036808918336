package org.runstate.machine;

import org.runstate.pc.RtcConfig;

/**
 * What the command line sets for a board's firmware interface: the RTC ({@code -rtc}), the boot
 * order ({@code -boot order=,once=}, {@code -no-fd-bootchk}) and whether the machine has the HPET
 * ({@code -machine hpet=}, which moves the RTC in the QOM tree). Boards without an RTC or CMOS
 * ignore it.
 *
 * @param rtc the RTC configuration
 * @param bootOrder {@code -boot order=}, or null for the board's default
 * @param bootOnce {@code -boot once=}, or null
 * @param fdBootchk false with {@code -no-fd-bootchk}
 * @param hpet {@code -machine hpet=}, on by default
 */
record FirmwareOptions(RtcConfig rtc, String bootOrder, String bootOnce, boolean fdBootchk, boolean hpet) {
    /** QEMU's defaults: no {@code -rtc}, no {@code -boot}. */
    static final FirmwareOptions DEFAULTS = new FirmwareOptions(RtcConfig.defaults(), null, null, true, true);
}
