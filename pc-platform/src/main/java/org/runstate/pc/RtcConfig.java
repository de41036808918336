package org.runstate.pc;

import java.util.Objects;

/**
 * What {@code -rtc} configures (QEMU 7.2's softmmu/rtc.c {@code configure_rtc}): the base the RTC
 * starts from, the clock it follows and its lost-tick policy. The launcher parses the option; this
 * holds the result.
 *
 * @param base what the RTC's date starts from
 * @param baseDatetime with {@link Base#DATETIME}: the date, in seconds since the epoch (UTC)
 * @param clock the clock the RTC follows
 * @param lostTickPolicy what happens to periodic interrupts the guest did not take in time
 */
public record RtcConfig(Base base, long baseDatetime, ClockType clock, LostTickPolicy lostTickPolicy) {
    /** {@code -rtc base=}. */
    public enum Base {
        /** {@code utc} (default): the host's time, as UTC. */
        UTC,
        /** {@code localtime}: the host's time in its time zone. */
        LOCALTIME,
        /** A date: the RTC starts there (a fixed offset from the host's time). */
        DATETIME
    }

    /** {@code -rtc clock=}. */
    public enum ClockType {
        /** {@code host} (default, {@code QEMU_CLOCK_HOST}): runs whatever the guest does, also in S3. */
        HOST,
        /** {@code rt} ({@code QEMU_CLOCK_REALTIME}): runs whatever the guest does. */
        RT,
        /** {@code vm} ({@code QEMU_CLOCK_VIRTUAL}): stops while the guest is stopped or suspended. */
        VM
    }

    /** {@code -rtc driftfix=} ({@code lost_tick_policy}). */
    public enum LostTickPolicy {
        /** {@code none} (default, {@code discard}): late periodic ticks are lost. */
        DISCARD,
        /** {@code slew}: periodic ticks lost to a period change are injected again. */
        SLEW
    }

    /**
     * Checks the members.
     *
     * @param base the base
     * @param baseDatetime the date for {@link Base#DATETIME}
     * @param clock the clock
     * @param lostTickPolicy the policy
     */
    public RtcConfig {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lostTickPolicy, "lostTickPolicy");
    }

    /**
     * QEMU's {@code mktimegm} of a date as {@code -rtc base=} gives it: plain arithmetic, so a
     * month 13 or a day 0 carries over.
     *
     * @param year the year
     * @param month the month, 1-12
     * @param day the day of the month
     * @param hour the hour
     * @param min the minute
     * @param sec the second
     * @return seconds since the epoch
     */
    public static long mktimegm(final int year, final int month, final int day, final int hour, final int min,
            final int sec) {
        return RtcTimeBase.mktimegm(new RtcTimeBase.Tm(sec, min, hour, day, month - 1, year - 1900, 0));
    }

    /**
     * QEMU's defaults: {@code base=utc,clock=host,driftfix=none}.
     *
     * @return the configuration
     */
    public static RtcConfig defaults() {
        return new RtcConfig(Base.UTC, 0, ClockType.HOST, LostTickPolicy.DISCARD);
    }
}
