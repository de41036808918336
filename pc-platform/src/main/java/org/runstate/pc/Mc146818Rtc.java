package org.runstate.pc;

import org.runstate.core.RunStateCommandException;
import org.runstate.core.SystemRequests;
import org.runstate.core.WakeupReason;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.ClockTimer;
import org.runstate.device.IoRegion;
import org.runstate.device.IrqLine;
import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.RtcChangeEvent;

/**
 * The pc's MC146818 real-time clock and its 128 bytes of CMOS memory at ports 0x70 (index) and
 * 0x71 (data), as QEMU 7.2's hw/rtc/mc146818rtc.c models it.
 *
 * <p><b>Time.</b> The guest's time is kept as a base date ({@code base_rtc}, whole seconds) plus the
 * RTC clock's progress since it was set ({@code last_update}) plus a sub-second {@code offset}; the
 * time and date registers (0-9, century at 0x32) are refreshed from it whenever they are read, in BCD
 * or binary (register B bit 2) and in 24 or 12 hour format (bit 1; bit 7 of the hours is PM). A write
 * to one of them while the clock runs re-bases the time ({@code rtc_set_time}) and emits RTC_CHANGE
 * with the offset from the host's reference date; with SET (B bit 7) or the divider held in reset
 * (A bits 6-4 above 2) the registers hold what the guest writes until it lets go.
 *
 * <p><b>Interrupts.</b> Register C's flags: PF from the periodic timer (rate in A bits 3-0, only while
 * PIE is set), AF when the time reaches the alarm (registers 1, 3, 5; a value 0xC0-0xFF is "don't
 * care"), UF at every update (once per second). A flag whose enable bit is set in B sets IRQF and
 * raises the interrupt line (IRQ 8); reading C returns and clears the flags and lowers the line. An
 * alarm while AIE is set also requests an RTC wakeup, which wakes a guest in S3 when it enabled
 * RTC_EN in the PIIX4's PM1_EN. UIP (A bit 7) reads as set in the last 244 us before an update.
 *
 * <p><b>Quirks kept.</b> Reading the hours or the alarm hours for the alarm uses the whole byte, PM
 * bit included, in BCD ({@code get_next_alarm}); index 0x37 (the PS/2 century byte) is turned into
 * 0x32 for good; a reset clears PIE but leaves the periodic timer armed, so PF appears once more;
 * base year 2000 is taken as 0 with the century in 0x32. Times before 1970 go through QEMU's unsigned
 * arithmetic. With {@link RtcConfig.LostTickPolicy#SLEW} every injected tick counts as delivered
 * (there is no APIC to refuse it), so only ticks lost to a period change are injected again.
 *
 * <p>Thread-safe: port accesses come from vCPU threads and qtest, timers from the control thread;
 * everything runs under this object's lock.
 */
final class Mc146818Rtc {
    /** The index port; the data port follows it. */
    static final int PORT = 0x70;
    /** The ISA interrupt ({@code RTC_ISA_IRQ}). */
    static final int ISA_IRQ = 8;

    static final int SECONDS = 0;
    static final int SECONDS_ALARM = 1;
    static final int MINUTES = 2;
    static final int MINUTES_ALARM = 3;
    static final int HOURS = 4;
    static final int HOURS_ALARM = 5;
    static final int DAY_OF_WEEK = 6;
    static final int DAY_OF_MONTH = 7;
    static final int MONTH = 8;
    static final int YEAR = 9;
    static final int REG_A = 10;
    static final int REG_B = 11;
    static final int REG_C = 12;
    static final int REG_D = 13;
    /** CMOS 0x0F: the shutdown status byte, 0xFE after an S3 suspend. */
    static final int SHUTDOWN_STATUS = 0x0f;
    static final int CENTURY = 0x32;
    static final int IBM_PS2_CENTURY_BYTE = 0x37;

    static final int REG_A_UIP = 0x80;
    static final int REG_B_SET = 0x80;
    static final int REG_B_PIE = 0x40;
    static final int REG_B_AIE = 0x20;
    static final int REG_B_UIE = 0x10;
    static final int REG_B_SQWE = 0x08;
    static final int REG_B_DM = 0x04;
    static final int REG_B_24H = 0x02;
    static final int REG_C_IRQF = 0x80;
    static final int REG_C_PF = 0x40;
    static final int REG_C_AF = 0x20;
    static final int REG_C_UF = 0x10;
    static final int REG_C_MASK = 0x70;

    private static final long NS_PER_SEC = 1_000_000_000L;
    private static final int RTC_CLOCK_RATE = 32768;
    /** {@code UIP_HOLD_LENGTH}: 8 periods of the 32 kHz clock, 244 us. */
    private static final long UIP_HOLD_NS = 8 * NS_PER_SEC / RTC_CLOCK_RATE;
    private static final int REINJECT_ON_ACK_COUNT = 20;
    private static final int SEC_PER_MIN = 60;
    private static final int MIN_PER_HOUR = 60;
    private static final int HOUR_PER_DAY = 24;
    private static final int SEC_PER_DAY = 86400;

    private final Clock clock;
    private final RtcTimeBase timeBase;
    private final EventBus events;
    private final SystemRequests requests;
    private final IrqLine irq;
    private final String qomPath;
    private final RtcConfig.LostTickPolicy policy;
    private final ClockTimer periodicTimer;
    private final ClockTimer updateTimer;
    private final ClockTimer coalescedTimer;

    private final int[] cmos = new int[128];
    private int index;
    private final int baseYear;
    /** Seconds since the epoch when the time was last set; QEMU's {@code uint64_t}. */
    private long baseRtc;
    /** The RTC clock's nanoseconds when the time was last set. */
    private long lastUpdate;
    /** Nanoseconds into the second the time was set at. */
    private long offset;
    private long nextPeriodicTime;
    /** The RTC clock's nanoseconds of the next alarm; QEMU's {@code uint64_t}. */
    private long nextAlarmTime;
    private int irqReinjectOnAckCount;
    /** {@code irq_coalesced}: periodic ticks owed to the guest (slew only). */
    private long irqCoalesced;
    /** The periodic period in 32 kHz cycles, 0 when off. */
    private long period;

    /**
     * Realizes the RTC ({@code rtc_realizefn}): registers A-D at their power-on values, the time
     * and date from the host reference, and the update timer armed.
     *
     * @param clock the RTC clock ({@code -rtc clock=}); its timers drive the device
     * @param timeBase the reference date
     * @param events where RTC_CHANGE goes
     * @param requests where alarm wakeups go
     * @param irq the interrupt output
     * @param qomPath the RTC's QOM path, for RTC_CHANGE
     * @param baseYear the {@code base_year} property (2000 on the pc, which means 0: the century
     *     byte counts)
     * @param policy the lost-tick policy
     */
    Mc146818Rtc(final Clock clock, final RtcTimeBase timeBase, final EventBus events, final SystemRequests requests,
            final IrqLine irq, final String qomPath, final int baseYear, final RtcConfig.LostTickPolicy policy) {
        this.clock = clock;
        this.timeBase = timeBase;
        this.events = events;
        this.requests = requests;
        this.irq = irq;
        this.qomPath = qomPath;
        this.policy = policy;
        this.baseYear = baseYear == 2000 ? 0 : baseYear;
        synchronized (this) {
            cmos[REG_A] = 0x26;
            cmos[REG_B] = 0x02;
            cmos[REG_C] = 0x00;
            cmos[REG_D] = 0x80;
            setDateFromHost();
        }
        periodicTimer = clock.newTimer(this::periodicTimerExpired);
        updateTimer = clock.newTimer(this::updateTimerExpired);
        coalescedTimer = policy == RtcConfig.LostTickPolicy.SLEW ? clock.newTimer(this::coalescedTimerExpired) : null;
        synchronized (this) {
            checkUpdateTimer();
        }
    }

    /**
     * The QOM path RTC_CHANGE names.
     *
     * @return the path
     */
    String qomPath() {
        return qomPath;
    }

    /**
     * Ports 0x70-0x71: 0x70 takes the index (bit 7, the NMI mask on real hardware, is dropped) and
     * reads 0xff; 0x71 reads and writes the indexed byte. Byte accesses only; wider ones are split.
     *
     * @return the region
     */
    IoRegion ports() {
        return new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                return (offset & 1) == 0 ? 0xff : readData();
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                if ((offset & 1) == 0) {
                    writeIndex((int) value);
                } else {
                    writeData((int) value & 0xff);
                }
            }

            @Override
            public int maxAccessSize() {
                return 1;
            }
        };
    }

    /**
     * {@code rtc_set_memory}: sets a CMOS byte without side effects (the board's CMOS contents).
     *
     * @param addr 0-127
     * @param value the byte
     */
    synchronized void setMemory(final int addr, final int value) {
        if (addr >= 0 && addr <= 127) {
            cmos[addr] = value & 0xff;
        }
    }

    /**
     * {@code rtc_get_memory}: a CMOS byte as stored, without refreshing the time.
     *
     * @param addr 0-127
     * @return the byte
     */
    synchronized int memory(final int addr) {
        return cmos[addr];
    }

    /**
     * The {@code date} property ({@code rtc_get_date}): the guest's time now.
     *
     * @return the broken-down time
     */
    synchronized RtcTimeBase.Tm date() {
        updateTime();
        return time();
    }

    /**
     * QMP {@code rtc-reset-reinjection}: forgets the periodic ticks owed to the guest (slew), as a
     * guest whose clock was just set needs.
     */
    synchronized void resetReinjection() {
        irqCoalesced = 0;
    }

    /** The suspend notifier ({@code rtc_notify_suspend}): the BIOS resumes from S3 when it sees 0xFE. */
    synchronized void suspended() {
        cmos[SHUTDOWN_STATUS] = 0xfe;
    }

    /** {@code rtc_reset_enter} and {@code rtc_reset_hold}. */
    synchronized void reset() {
        if (cmos[SHUTDOWN_STATUS] != 0xfe) {
            cmos[SHUTDOWN_STATUS] = 0;
        }
        cmos[REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_SQWE);
        cmos[REG_C] &= ~(REG_C_UF | REG_C_IRQF | REG_C_PF | REG_C_AF);
        checkUpdateTimer();
        if (policy == RtcConfig.LostTickPolicy.SLEW) {
            irqCoalesced = 0;
            irqReinjectOnAckCount = 0;
        }
        irq.set(0);
    }

    // ---- the guest's time -------------------------------------------------------------------------

    /** Whether the time advances: SET clear and the divider neither in reset nor in a test mode. */
    private boolean running() {
        return (cmos[REG_B] & REG_B_SET) == 0 && (cmos[REG_A] & 0x70) <= 0x20;
    }

    /** {@code get_guest_rtc_ns}, QEMU's {@code uint64_t} arithmetic. */
    private long guestNs() {
        return baseRtc * NS_PER_SEC + clock.nowNs() - lastUpdate + offset;
    }

    private boolean binary() {
        return (cmos[REG_B] & REG_B_DM) != 0;
    }

    private int toBcd(final int a) {
        return binary() ? a : (a / 10) << 4 | a % 10;
    }

    /** {@code rtc_from_bcd}: -1 for a "don't care" value (0xC0-0xFF). */
    private int fromBcd(final int a) {
        if ((a & 0xc0) == 0xc0) {
            return -1;
        }
        return binary() ? a : (a >> 4) * 10 + (a & 0x0f);
    }

    /** {@code rtc_get_time}: the registers as a broken-down time. */
    private RtcTimeBase.Tm time() {
        int hour = fromBcd(cmos[HOURS] & 0x7f);
        if ((cmos[REG_B] & REG_B_24H) == 0) {
            hour %= 12;
            if ((cmos[HOURS] & 0x80) != 0) {
                hour += 12;
            }
        }
        int year = fromBcd(cmos[YEAR]) + baseYear + fromBcd(cmos[CENTURY]) * 100 - 1900;
        return new RtcTimeBase.Tm(fromBcd(cmos[SECONDS]), fromBcd(cmos[MINUTES]), hour, fromBcd(cmos[DAY_OF_MONTH]),
                fromBcd(cmos[MONTH]) - 1, year, fromBcd(cmos[DAY_OF_WEEK]) - 1);
    }

    /** {@code rtc_set_time}: the registers become the time, and RTC_CHANGE says how far that is off. */
    private void setTime() {
        RtcTimeBase.Tm tm = time();
        baseRtc = RtcTimeBase.mktimegm(tm);
        lastUpdate = clock.nowNs();
        events.emit(new RtcChangeEvent(timeBase.timedateDiff(tm), qomPath));
    }

    /** {@code rtc_set_cmos}: the time into the registers, in the current format. */
    private void setCmos(final RtcTimeBase.Tm tm) {
        cmos[SECONDS] = toBcd(tm.sec());
        cmos[MINUTES] = toBcd(tm.min());
        if ((cmos[REG_B] & REG_B_24H) != 0) {
            cmos[HOURS] = toBcd(tm.hour());
        } else {
            int h = tm.hour() % 12 != 0 ? tm.hour() % 12 : 12;
            cmos[HOURS] = toBcd(h) | (tm.hour() >= 12 ? 0x80 : 0);
        }
        cmos[DAY_OF_WEEK] = toBcd(tm.wday() + 1);
        cmos[DAY_OF_MONTH] = toBcd(tm.mday());
        cmos[MONTH] = toBcd(tm.mon() + 1);
        int year = tm.year() + 1900 - baseYear;
        cmos[YEAR] = toBcd(year % 100) & 0xff;
        cmos[CENTURY] = toBcd(year / 100) & 0xff;
    }

    /** {@code rtc_update_time}: the registers from the time now, unless SET holds them. */
    private void updateTime() {
        long seconds = Long.divideUnsigned(guestNs(), NS_PER_SEC);
        if ((cmos[REG_B] & REG_B_SET) == 0) {
            setCmos(RtcTimeBase.gmtime(seconds));
        }
    }

    /** {@code rtc_set_date_from_host}. */
    private void setDateFromHost() {
        RtcTimeBase.Tm tm = timeBase.timedate(0);
        baseRtc = RtcTimeBase.mktimegm(tm);
        lastUpdate = clock.nowNs();
        offset = 0;
        setCmos(tm);
    }

    /** {@code update_in_progress}: UIP is latched from 244 us before the update timer expires. */
    private boolean updateInProgress() {
        if (!running()) {
            return false;
        }
        long expire = updateTimer.expireTimeNs();
        if (expire >= 0 && clock.nowNs() >= expire - UIP_HOLD_NS) {
            cmos[REG_A] |= REG_A_UIP;
            return true;
        }
        return guestNs() % NS_PER_SEC >= NS_PER_SEC - UIP_HOLD_NS; // int64_t there
    }

    // ---- port I/O ---------------------------------------------------------------------------------

    private synchronized void writeIndex(final int value) {
        index = value & 0x7f;
    }

    private synchronized long readData() {
        int ret;
        switch (index) {
            case IBM_PS2_CENTURY_BYTE, CENTURY, SECONDS, MINUTES, HOURS, DAY_OF_WEEK, DAY_OF_MONTH, MONTH, YEAR -> {
                if (index == IBM_PS2_CENTURY_BYTE) {
                    index = CENTURY;
                }
                if (running()) {
                    updateTime();
                }
                ret = cmos[index];
            }
            case REG_A -> {
                ret = cmos[REG_A];
                if (updateInProgress()) {
                    ret |= REG_A_UIP;
                }
            }
            case REG_C -> {
                ret = cmos[REG_C];
                irq.set(0);
                cmos[REG_C] = 0;
                if ((ret & (REG_C_UF | REG_C_AF)) != 0) {
                    checkUpdateTimer();
                }
                if (irqCoalesced != 0 && (cmos[REG_B] & REG_B_PIE) != 0
                        && irqReinjectOnAckCount < REINJECT_ON_ACK_COUNT) {
                    irqReinjectOnAckCount++;
                    cmos[REG_C] |= REG_C_IRQF | REG_C_PF;
                    if (slewDeliverIrq()) {
                        irqCoalesced--;
                    }
                }
            }
            default -> ret = cmos[index];
        }
        return ret;
    }

    private synchronized void writeData(final int data) {
        switch (index) {
            case SECONDS_ALARM, MINUTES_ALARM, HOURS_ALARM -> {
                cmos[index] = data;
                checkUpdateTimer();
            }
            case IBM_PS2_CENTURY_BYTE, CENTURY, SECONDS, MINUTES, HOURS, DAY_OF_WEEK, DAY_OF_MONTH, MONTH, YEAR -> {
                if (index == IBM_PS2_CENTURY_BYTE) {
                    index = CENTURY;
                }
                cmos[index] = data;
                if (running()) {
                    setTime();
                    checkUpdateTimer();
                }
            }
            case REG_A -> writeRegA(data);
            case REG_B -> writeRegB(data);
            case REG_C, REG_D -> {
                // read-only
            }
            default -> cmos[index] = data;
        }
    }

    private void writeRegA(final int data) {
        boolean periodChanged = ((cmos[REG_A] ^ data) & 0x0f) != 0;
        long oldPeriod = periodicClockTicks();
        if ((data & 0x60) == 0x60) {
            if (running()) {
                updateTime();
            }
            cmos[REG_A] &= ~REG_A_UIP; // divider reset: what happens to UIP is unclear, QEMU clears it
        } else if ((cmos[REG_A] & 0x60) == 0x60 && (data & 0x70) <= 0x20) {
            // the divider leaves reset: the first update is half a second later
            if ((cmos[REG_B] & REG_B_SET) == 0) {
                offset = 500_000_000L;
                setTime();
            }
            cmos[REG_A] &= ~REG_A_UIP;
        }
        cmos[REG_A] = data & ~REG_A_UIP | cmos[REG_A] & REG_A_UIP;
        if (periodChanged) {
            periodicTimerUpdate(clock.nowNs(), oldPeriod, true);
        }
        checkUpdateTimer();
    }

    private void writeRegB(final int value) {
        int data = value;
        boolean pieChanged = ((cmos[REG_B] ^ data) & REG_B_PIE) != 0;
        long oldPeriod = periodicClockTicks();
        if ((data & REG_B_SET) != 0) {
            if (running()) {
                updateTime(); // the registers hold the time SET stopped at
            }
            cmos[REG_A] &= ~REG_A_UIP;
            data &= ~REG_B_UIE;
        } else if ((cmos[REG_B] & REG_B_SET) != 0 && (cmos[REG_A] & 0x70) <= 0x20) {
            // leaving SET: the time starts from the registers, keeping the fraction of the second
            offset = Long.remainderUnsigned(guestNs(), NS_PER_SEC);
            setTime();
        }
        if ((data & cmos[REG_C] & REG_C_MASK) != 0) {
            // a flag already set whose interrupt becomes enabled interrupts at once
            cmos[REG_C] |= REG_C_IRQF;
            irq.set(1);
        } else {
            cmos[REG_C] &= ~REG_C_IRQF;
            irq.set(0);
        }
        cmos[REG_B] = data;
        if (pieChanged) {
            periodicTimerUpdate(clock.nowNs(), oldPeriod, true);
        }
        checkUpdateTimer();
    }

    // ---- periodic interrupt -----------------------------------------------------------------------

    /** {@code rtc_periodic_clock_ticks}: the period in 32 kHz cycles, 0 unless PIE. */
    private long periodicClockTicks() {
        if ((cmos[REG_B] & REG_B_PIE) == 0) {
            return 0;
        }
        return periodToClock(cmos[REG_A] & 0x0f);
    }

    /** {@code periodic_period_to_clock}: rates 1 and 2 are 8 and 9 (256 and 128 Hz). */
    static long periodToClock(final int code) {
        if (code == 0) {
            return 0;
        }
        int c = code <= 2 ? code + 7 : code;
        return 1L << (c - 1);
    }

    /** {@code muldiv64(a, b, c)} for {@code a >= 0}, exact. */
    private static long muldiv(final long a, final long b, final long c) {
        return a / c * b + a % c * b / c;
    }

    /** {@code periodic_timer_update}. */
    private void periodicTimerUpdate(final long currentTime, final long oldPeriod, final boolean periodChange) {
        long newPeriod = periodicClockTicks();
        period = newPeriod;
        if (newPeriod == 0) {
            irqCoalesced = 0;
            periodicTimer.cancel();
            return;
        }
        long curClock = muldiv(currentTime, RTC_CLOCK_RATE, NS_PER_SEC);
        long lostClock = 0;
        if (oldPeriod != 0 && periodChange) {
            // a new period counts from the last interrupt
            long nextPeriodicClock = muldiv(nextPeriodicTime, RTC_CLOCK_RATE, NS_PER_SEC);
            lostClock = Math.max(0, curClock - (nextPeriodicClock - oldPeriod)); // QEMU asserts >= 0
        }
        if (policy == RtcConfig.LostTickPolicy.SLEW) {
            long oldCoalesced = irqCoalesced;
            lostClock += oldCoalesced * oldPeriod;
            irqCoalesced = lostClock / period;
            lostClock %= period;
            if (oldCoalesced != irqCoalesced || oldPeriod != period) {
                coalescedTimerUpdate();
            }
        } else {
            lostClock = Math.min(lostClock, newPeriod); // time moves on: the lost ticks are gone
        }
        long nextIrqClock = curClock + newPeriod - lostClock;
        nextPeriodicTime = muldiv(nextIrqClock, NS_PER_SEC, RTC_CLOCK_RATE) + 1;
        periodicTimer.mod(nextPeriodicTime);
    }

    /** {@code rtc_periodic_timer}. */
    private synchronized void periodicTimerExpired() {
        periodicTimerUpdate(nextPeriodicTime, period, false);
        cmos[REG_C] |= REG_C_PF;
        if ((cmos[REG_B] & REG_B_PIE) != 0) {
            cmos[REG_C] |= REG_C_IRQF;
            if (policy == RtcConfig.LostTickPolicy.SLEW) {
                if (irqReinjectOnAckCount >= REINJECT_ON_ACK_COUNT) {
                    irqReinjectOnAckCount = 0;
                }
                if (!slewDeliverIrq()) {
                    irqCoalesced++;
                    coalescedTimerUpdate();
                }
            } else {
                irq.set(1);
            }
        }
    }

    /** {@code rtc_policy_slew_deliver_irq}: with no APIC to refuse it, every tick is delivered. */
    private boolean slewDeliverIrq() {
        irq.set(1);
        return true;
    }

    /** {@code rtc_coalesced_timer_update}: owed ticks go out at 2-8 per period. */
    private void coalescedTimerUpdate() {
        if (irqCoalesced == 0) {
            coalescedTimer.cancel();
        } else {
            long c = Math.min(irqCoalesced, 7) + 1;
            coalescedTimer.mod(clock.nowNs() + muldiv(period / c, NS_PER_SEC, RTC_CLOCK_RATE));
        }
    }

    /** {@code rtc_coalesced_timer}. */
    private synchronized void coalescedTimerExpired() {
        if (irqCoalesced != 0) {
            cmos[REG_C] |= REG_C_IRQF | REG_C_PF;
            if (slewDeliverIrq()) {
                irqCoalesced--;
            }
        }
        coalescedTimerUpdate();
    }

    // ---- update-ended and alarm interrupts ------------------------------------------------------

    /** {@code check_update_timer}: arms the update timer for the next second, or for the alarm. */
    private void checkUpdateTimer() {
        if ((cmos[REG_A] & 0x60) == 0x60) {
            // dividers in reset: no updates, no interrupts
            updateTimer.cancel();
            return;
        }
        long guestNsec = Long.remainderUnsigned(guestNs(), NS_PER_SEC);
        long nextUpdateTime = clock.nowNs() + NS_PER_SEC - guestNsec;
        long nextAlarmSec = nextAlarm();
        nextAlarmTime = nextUpdateTime + (nextAlarmSec - 1) * NS_PER_SEC;
        if ((cmos[REG_A] & REG_A_UIP) == 0 && (cmos[REG_C] & REG_C_UF) != 0) {
            // UF is set already: only AF can still change
            if ((cmos[REG_B] & REG_B_SET) != 0 || (cmos[REG_C] & REG_C_AF) != 0) {
                updateTimer.cancel();
                return;
            }
            nextUpdateTime = nextAlarmTime;
        }
        if (nextUpdateTime != updateTimer.expireTimeNs()) {
            updateTimer.mod(nextUpdateTime);
        }
    }

    /** {@code convert_hour}: 12-hour values by the PM bit of the current hours register. */
    private int convertHour(final int hour) {
        int h = hour;
        if ((cmos[REG_B] & REG_B_24H) == 0) {
            h %= 12;
            if ((cmos[HOURS] & 0x80) != 0) {
                h += 12;
            }
        }
        return h;
    }

    /** {@code get_next_alarm}: seconds from now to the next alarm, 1 to 86400. */
    private long nextAlarm() {
        updateTime();
        int alarmSec = fromBcd(cmos[SECONDS_ALARM]);
        int alarmMin = fromBcd(cmos[MINUTES_ALARM]);
        int alarmHour = fromBcd(cmos[HOURS_ALARM]);
        alarmHour = alarmHour == -1 ? -1 : convertHour(alarmHour);
        int curSec = fromBcd(cmos[SECONDS]);
        int curMin = fromBcd(cmos[MINUTES]);
        int curHour = convertHour(fromBcd(cmos[HOURS]));

        if (alarmHour == -1) {
            alarmHour = curHour;
            if (alarmMin == -1) {
                alarmMin = curMin;
                if (alarmSec == -1) {
                    alarmSec = curSec + 1;
                } else if (curSec > alarmSec) {
                    alarmMin++;
                }
            } else if (curMin == alarmMin) {
                if (alarmSec == -1) {
                    alarmSec = curSec + 1;
                } else if (curSec > alarmSec) {
                    alarmHour++;
                }
                if (alarmSec == SEC_PER_MIN) {
                    // next hour: the minutes are not "don't care"
                    alarmSec = 0;
                    alarmHour++;
                }
            } else if (curMin > alarmMin) {
                alarmHour++;
            }
        } else if (curHour == alarmHour) {
            if (alarmMin == -1) {
                alarmMin = curMin;
                if (alarmSec == -1) {
                    alarmSec = curSec + 1;
                } else if (curSec > alarmSec) {
                    alarmMin++;
                }
                if (alarmSec == SEC_PER_MIN) {
                    alarmSec = 0;
                    alarmMin++;
                }
                alarmMin %= MIN_PER_HOUR; // next day: the hour is not "don't care"
            } else if (curMin == alarmMin) {
                if (alarmSec == -1) {
                    alarmSec = curSec + 1;
                }
                alarmSec %= SEC_PER_MIN; // next day: hours and minutes are not "don't care"
            }
        }
        if (alarmMin == -1) {
            alarmMin = 0;
        }
        if (alarmSec == -1) {
            alarmSec = 0;
        }
        if (alarmSec == SEC_PER_MIN) {
            alarmSec = 0;
            alarmMin++;
        }
        if (alarmMin == MIN_PER_HOUR) {
            alarmMin = 0;
            alarmHour++;
        }
        alarmHour %= HOUR_PER_DAY;
        int hour = alarmHour - curHour;
        int min = hour * MIN_PER_HOUR + alarmMin - curMin;
        int sec = min * SEC_PER_MIN + alarmSec - curSec;
        return sec <= 0 ? sec + SEC_PER_DAY : sec;
    }

    /** {@code rtc_update_timer}: the second ended; UF, AF when the alarm is due, and their interrupt. */
    private void updateTimerExpired() {
        boolean wake;
        synchronized (this) {
            updateTime();
            cmos[REG_A] &= ~REG_A_UIP;
            int irqs = REG_C_UF;
            wake = false;
            if (Long.compareUnsigned(clock.nowNs(), nextAlarmTime) >= 0) {
                irqs |= REG_C_AF;
                wake = (cmos[REG_B] & REG_B_AIE) != 0;
            }
            int newIrqs = irqs & ~cmos[REG_C];
            cmos[REG_C] |= irqs;
            if ((newIrqs & cmos[REG_B]) != 0) {
                cmos[REG_C] |= REG_C_IRQF;
                irq.set(1);
            }
            checkUpdateTimer();
        }
        if (wake) {
            try {
                requests.wakeup(WakeupReason.RTC);
            } catch (RunStateCommandException e) {
                // not suspended: qemu_system_wakeup_request with a NULL errp ignores it
            }
        }
    }
}
