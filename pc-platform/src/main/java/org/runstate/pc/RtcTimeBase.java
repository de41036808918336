package org.runstate.pc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.LongSupplier;

/**
 * The RTC's reference time, as QEMU 7.2's softmmu/rtc.c keeps it: the date the RTC starts from
 * ({@code qemu_get_timedate}) and how far a date the guest sets is from it
 * ({@code qemu_timedate_diff}, the {@code offset} of RTC_CHANGE), both in whole seconds of the
 * clocks QEMU reads ({@code qemu_clock_get_ms(...) / 1000}). The reference is taken when this
 * object is made, as {@code configure_rtc} takes it at start-up.
 */
final class RtcTimeBase {
    /** A broken-down time ({@code struct tm}); month 0-11, year since 1900, day of week 0 (Sunday)-6. */
    record Tm(int sec, int min, int hour, int mday, int mon, int year, int wday) {
    }

    private final RtcConfig config;
    private final ZoneId zone;
    private final LongSupplier hostMs;
    private final LongSupplier realtimeMs;
    private final LongSupplier virtualMs;
    /** {@code rtc_ref_start_datetime}. */
    private final long refStartDatetime;
    /** {@code rtc_realtime_clock_offset}. */
    private final long realtimeClockOffset;
    /** {@code rtc_host_datetime_offset}. */
    private final long hostDatetimeOffset;

    /**
     * Takes the reference now.
     *
     * @param config the {@code -rtc} options
     * @param zone the host's time zone, for {@code base=localtime}
     * @param hostMs {@code QEMU_CLOCK_HOST} in milliseconds (wall time since the epoch)
     * @param realtimeMs {@code QEMU_CLOCK_REALTIME} in milliseconds
     * @param virtualMs {@code QEMU_CLOCK_VIRTUAL} in milliseconds
     */
    RtcTimeBase(final RtcConfig config, final ZoneId zone, final LongSupplier hostMs, final LongSupplier realtimeMs,
            final LongSupplier virtualMs) {
        this.config = config;
        this.zone = zone;
        this.hostMs = hostMs;
        this.realtimeMs = realtimeMs;
        this.virtualMs = virtualMs;
        long start = hostMs.getAsLong() / 1000;
        realtimeClockOffset = realtimeMs.getAsLong() / 1000;
        if (config.base() == RtcConfig.Base.DATETIME) {
            hostDatetimeOffset = start - config.baseDatetime();
            refStartDatetime = config.baseDatetime();
        } else {
            hostDatetimeOffset = -1;
            refStartDatetime = start;
        }
    }

    /** {@code qemu_ref_timedate}: the reference date now, in seconds, as seen through {@code clock}. */
    private long refTimedate(final RtcConfig.ClockType clock) {
        return switch (clock) {
            case RT -> realtimeMs.getAsLong() / 1000 - realtimeClockOffset + refStartDatetime;
            case VM -> virtualMs.getAsLong() / 1000 + refStartDatetime;
            case HOST -> hostMs.getAsLong() / 1000
                    - (config.base() == RtcConfig.Base.DATETIME ? hostDatetimeOffset : 0);
        };
    }

    /**
     * {@code qemu_get_timedate}: the date the RTC starts from, on the RTC's clock.
     *
     * @param offset seconds to add
     * @return the broken-down time, UTC or in the host's zone
     */
    Tm timedate(final long offset) {
        long t = refTimedate(config.clock()) + offset;
        return config.base() == RtcConfig.Base.LOCALTIME ? localtime(t, zone) : gmtime(t);
    }

    /**
     * {@code qemu_timedate_diff}: seconds from the host's reference date now to {@code tm}, as the
     * C {@code int} QEMU returns.
     *
     * @param tm a date the guest set
     * @return the offset
     */
    int timedateDiff(final Tm tm) {
        long seconds = config.base() == RtcConfig.Base.LOCALTIME ? mktime(tm, zone) : mktimegm(tm);
        return (int) (seconds - refTimedate(RtcConfig.ClockType.HOST));
    }

    /** {@code gmtime_r}. */
    static Tm gmtime(final long t) {
        return tm(LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC));
    }

    private static Tm localtime(final long t, final ZoneId zone) {
        return tm(ZonedDateTime.ofInstant(Instant.ofEpochSecond(t), zone).toLocalDateTime());
    }

    private static Tm tm(final LocalDateTime d) {
        return new Tm(d.getSecond(), d.getMinute(), d.getHour(), d.getDayOfMonth(), d.getMonthValue() - 1,
                d.getYear() - 1900, d.getDayOfWeek().getValue() % 7);
    }

    /**
     * QEMU's {@code mktimegm} (util/cutils.c): days from the fields by arithmetic, so fields out of
     * range (a guest's 0x99 minutes) count as far as they go, with C's integer division.
     *
     * @param tm the time
     * @return seconds since the epoch
     */
    static long mktimegm(final Tm tm) {
        int y = tm.year() + 1900;
        int m = tm.mon() + 1;
        int d = tm.mday();
        if (m < 3) {
            m += 12;
            y--;
        }
        long t = 86400L * (d + (153 * m - 457) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 719469);
        return t + 3600L * tm.hour() + 60L * tm.min() + tm.sec();
    }

    /** {@code mktime} with {@code tm_isdst = -1}: fields out of range carry over, the zone decides DST. */
    private static long mktime(final Tm tm, final ZoneId zone) {
        LocalDateTime d = LocalDateTime.of(1900, 1, 1, 0, 0).plusYears(tm.year()).plusMonths(tm.mon())
                .plusDays(tm.mday() - 1L).plusHours(tm.hour()).plusMinutes(tm.min()).plusSeconds(tm.sec());
        return ZonedDateTime.of(d, zone).toEpochSecond();
    }
}
