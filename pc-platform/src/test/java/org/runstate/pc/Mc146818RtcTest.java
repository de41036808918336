package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RtcChangeEvent;
import org.runstate.core.qapi.RunStateEvent;

/**
 * The MC146818 RTC at ports 0x70/0x71 (hw/rtc/mc146818rtc.c of QEMU 7.2) on a qtest-like machine:
 * guest time follows the stepped clock from a {@code -rtc base=DATE}, so every value is exact.
 */
class Mc146818RtcTest {
    private static final long SEC = 1_000_000_000L;
    /** A Saturday, in a leap year. */
    private static final String BASE = "2020-02-29T12:34:56";

    private PcRig pc;
    private final List<String> gsiLines = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        if (pc != null) {
            pc.close();
        }
    }

    private static long epoch(final String date) {
        return LocalDateTime.parse(date).toEpochSecond(ZoneOffset.UTC);
    }

    private static RtcConfig base(final String date) {
        return new RtcConfig(RtcConfig.Base.DATETIME, epoch(date), RtcConfig.ClockType.HOST,
                RtcConfig.LostTickPolicy.DISCARD);
    }

    private void start(final String date) {
        start(base(date));
    }

    private void start(final RtcConfig rtc) {
        pc = PcRig.start(new PcPlatform.Config(rtc, "cad", null, true, PcPlatform.rtcQomPath(1, true)));
        int[] levels = new int[PcPlatform.IOAPIC_PINS];
        pc.platform.devices().resolve("ioapic").interceptInputs((n, level) -> {
            synchronized (levels) {
                if (levels[n] != level) { // as qtest reports them: changes only
                    levels[n] = level;
                    gsiLines.add(n + "=" + level);
                }
            }
        });
    }

    private int cmos(final int reg) {
        pc.outb(0x70, reg);
        return (int) pc.inb(0x71);
    }

    private void cmos(final int reg, final int value) {
        pc.outb(0x70, reg);
        pc.outb(0x71, value);
    }

    /** Seconds, minutes, hours, day of week, day of month, month, year, century. */
    private List<Integer> clock() {
        return List.of(cmos(0), cmos(2), cmos(4), cmos(6), cmos(7), cmos(8), cmos(9), cmos(0x32));
    }

    private List<RtcChangeEvent> rtcChanges() {
        List<RtcChangeEvent> out = new ArrayList<>();
        for (RunStateEvent e : pc.events()) {
            if (e instanceof RtcChangeEvent c) {
                out.add(c);
            }
        }
        return out;
    }

    /** With SET held, writes the time, then lets go: the guest sets its clock. */
    private void setTime(final int sec, final int min, final int hour) {
        int b = cmos(0x0b);
        cmos(0x0b, b | 0x80);
        cmos(0, sec);
        cmos(2, min);
        cmos(4, hour);
        cmos(0x0b, b);
    }

    // ---- registers -----------------------------------------------------------------------------

    @Test
    void powerOnRegistersAreQemusAndTheIndexPortReadsAllOnes() {
        start(BASE);
        assertThat(cmos(0x0a)).isEqualTo(0x26);
        assertThat(cmos(0x0b)).isEqualTo(0x02);
        assertThat(cmos(0x0c)).isZero();
        assertThat(cmos(0x0d)).isEqualTo(0x80);
        assertThat(pc.inb(0x70)).isEqualTo(0xff);
        assertThat(pc.inb(0x72)).as("only two ports").isEqualTo(0xff);
    }

    @Test
    void registersCAndDCannotBeWrittenAndOtherBytesArePlainMemory() {
        start(BASE);
        cmos(0x0c, 0xff);
        cmos(0x0d, 0x00);
        cmos(0x40, 0x5a);
        cmos(0x7f, 0xa5);
        assertThat(cmos(0x0c)).isZero();
        assertThat(cmos(0x0d)).isEqualTo(0x80);
        assertThat(cmos(0x40)).isEqualTo(0x5a);
        assertThat(cmos(0x7f)).isEqualTo(0xa5);
        assertThat(cmos(0xc0)).as("bit 7 of the index (the NMI mask) is dropped").isEqualTo(0x5a);
    }

    @Test
    void wideAccessesAreByteAccessesToIndexThenData() {
        start(BASE);
        pc.outw(0x70, 0x6640); // index 0x40, then data 0x66
        assertThat(cmos(0x40)).isEqualTo(0x66);
        pc.outb(0x70, 0x0d);
        assertThat(pc.inw(0x70)).isEqualTo(0x80ffL);
    }

    @Test
    void timeAndDateStartAtTheBaseInBcdAnd24Hours() {
        start(BASE);
        assertThat(clock()).containsExactly(0x56, 0x34, 0x12, 0x07, 0x29, 0x02, 0x20, 0x20);
        assertThat(cmos(0x37)).as("the PS/2 century byte reads the century").isEqualTo(0x20);
    }

    @Test
    void timeFollowsTheClockAcrossTheLeapDay() {
        start("2020-02-29T23:59:58");
        pc.clockStep(SEC - 1);
        assertThat(cmos(0)).isEqualTo(0x58);
        pc.clockStep(1);
        assertThat(cmos(0)).isEqualTo(0x59);
        pc.clockStep(SEC);
        assertThat(clock()).containsExactly(0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0x20, 0x20);
    }

    @Test
    void binaryModeShowsTheSameTimeInBinary() {
        start(BASE);
        cmos(0x0b, 0x06);
        assertThat(clock()).containsExactly(56, 34, 12, 7, 29, 2, 20, 20);
    }

    @Test
    void twelveHourModeHasThePmBitAndTwelveForNoonAndMidnight() {
        start("2021-06-01T23:00:00");
        cmos(0x0b, 0x00);
        assertThat(cmos(4)).isEqualTo(0x91); // 11 PM
        pc.clockStep(3600 * SEC);
        assertThat(cmos(4)).isEqualTo(0x12); // 12 AM
        pc.clockStep(12 * 3600 * SEC);
        assertThat(cmos(4)).isEqualTo(0x92); // 12 PM
        cmos(0x0b, 0x04);
        assertThat(cmos(4)).as("binary 12 hour").isEqualTo(0x8c);
    }

    @Test
    void setHoldsTheRegistersAndDropsUie() {
        start(BASE);
        cmos(0x0b, 0x92); // SET | UIE | 24H
        assertThat(cmos(0x0b)).isEqualTo(0x82);
        cmos(0, 0x10);
        pc.clockStep(5 * SEC);
        assertThat(cmos(0)).as("held").isEqualTo(0x10);
        assertThat(rtcChanges()).isEmpty();
    }

    @Test
    void uipReadsSetInTheLast244MicrosecondsBeforeAnUpdate() {
        start(BASE);
        pc.clockStep(SEC - 244_141);
        assertThat(cmos(0x0a)).isEqualTo(0x26);
        pc.clockStep(1);
        assertThat(cmos(0x0a)).isEqualTo(0xa6);
        pc.clockStep(244_140);
        assertThat(cmos(0x0a)).as("the update cleared it").isEqualTo(0x26);
        cmos(0x0a, 0xa6);
        assertThat(cmos(0x0a)).as("UIP is read-only").isEqualTo(0x26);
    }

    @Test
    void dividerResetStopsTheClockAndTheFirstUpdateComesHalfASecondAfterRelease() {
        start(BASE);
        cmos(0x0a, 0x76);
        pc.clockStep(10 * SEC);
        assertThat(cmos(0)).isEqualTo(0x56);
        cmos(0x0a, 0x26);
        assertThat(rtcChanges()).singleElement().satisfies(e -> assertThat(e.offset()).isEqualTo(-10));
        pc.clockStep(SEC / 2 - 1);
        assertThat(cmos(0)).isEqualTo(0x56);
        pc.clockStep(1);
        assertThat(cmos(0)).isEqualTo(0x57);
    }

    // ---- setting the time: RTC_CHANGE -------------------------------------------------------------

    @Test
    void settingTheTimeEmitsRtcChangeWithTheOffsetFromTheBaseAndTheQomPath() {
        start(BASE);
        setTime(0x00, 0x35, 0x12); // 12:35:00, 4 s ahead
        assertThat(rtcChanges()).containsExactly(new RtcChangeEvent(4, "/machine/unattached/device[9]"));
        pc.clockStep(3 * SEC);
        assertThat(cmos(0)).isEqualTo(0x03);
        assertThat(cmos(2)).isEqualTo(0x35);
    }

    @Test
    void eachTimeRegisterWrittenWhileRunningSetsTheTime() {
        start(BASE);
        cmos(2, 0x30); // minutes back 4
        cmos(4, 0x13); // and an hour forward
        assertThat(rtcChanges()).extracting(RtcChangeEvent::offset).containsExactly(-240L);
        pc.clockStep(SEC);
        assertThat(rtcChanges()).as("the second one was held back by the rate limit")
                .extracting(RtcChangeEvent::offset).containsExactly(-240L, 3360L);
    }

    @Test
    void rtcChangeIsRateLimitedToOnePerSecondNewestWins() {
        start(BASE);
        setTime(0x00, 0x00, 0x12);
        setTime(0x00, 0x00, 0x13);
        setTime(0x00, 0x00, 0x14);
        assertThat(rtcChanges()).extracting(RtcChangeEvent::offset).containsExactly(-2096L);
        pc.clockStep(SEC - 1);
        assertThat(rtcChanges()).hasSize(1);
        pc.clockStep(1);
        assertThat(rtcChanges()).extracting(RtcChangeEvent::offset).containsExactly(-2096L, -2096L + 7200);
        pc.clockStep(5 * SEC);
        setTime(0x00, 0x00, 0x12);
        assertThat(rtcChanges()).as("after a quiet window it goes out at once").hasSize(3);
    }

    @Test
    void theOffsetCountsFromTheBaseClockNotFromStart() {
        start(BASE);
        pc.clockStep(100 * SEC);
        setTime(0x56, 0x34, 0x12); // back to the base time
        assertThat(rtcChanges()).extracting(RtcChangeEvent::offset).containsExactly(-100L);
    }

    // ---- interrupts ------------------------------------------------------------------------------

    @Test
    void updateEndedSetsUfEverySecondAndInterruptsOnlyWithUie() {
        start(BASE);
        pc.clockStep(SEC);
        assertThat(cmos(0x0c)).isEqualTo(0x10);
        assertThat(gsiLines).doesNotContain("8=1");
        cmos(0x0b, 0x12); // UIE
        pc.clockStep(SEC);
        assertThat(gsiLines).contains("8=1");
        assertThat(cmos(0x0c)).isEqualTo(0x90);
        assertThat(gsiLines.get(gsiLines.size() - 1)).as("reading C lowers the line").isEqualTo("8=0");
        assertThat(cmos(0x0c)).as("read clears").isZero();
    }

    @Test
    void enablingAnInterruptWhoseFlagIsSetInterruptsAtOnce() {
        start(BASE);
        pc.clockStep(SEC);
        cmos(0x0b, 0x12);
        assertThat(gsiLines).containsExactly("8=1");
        assertThat(cmos(0x0c)).isEqualTo(0x90);
    }

    @Test
    void alarmSetsAfAtTheAlarmTimeAndInterruptsWithAie() {
        start(BASE);
        cmos(1, 0x59);
        cmos(3, 0x34);
        cmos(5, 0x12);
        cmos(0x0b, 0x22); // AIE
        pc.clockStep(2 * SEC);
        cmos(0x0c); // UF
        pc.clockStep(SEC - 1);
        assertThat(cmos(0x0c)).isZero();
        assertThat(gsiLines).doesNotContain("8=1");
        pc.clockStep(1);
        assertThat(gsiLines).containsExactly("8=1");
        assertThat(cmos(0x0c)).isEqualTo(0xb0);
    }

    @Test
    void alarmWithoutAieSetsOnlyTheFlag() {
        start(BASE);
        cmos(1, 0x58);
        cmos(3, 0x34);
        cmos(5, 0x12);
        pc.clockStep(2 * SEC);
        assertThat(cmos(0x0c)).isEqualTo(0x30);
        assertThat(gsiLines).doesNotContain("8=1");
    }

    @Test
    void dontCareSecondsMinutesAndHoursAlarmEverySecond() {
        start(BASE);
        cmos(1, 0xff);
        cmos(3, 0xc0);
        cmos(5, 0xc5);
        pc.clockStep(SEC);
        assertThat(cmos(0x0c)).isEqualTo(0x30);
        pc.clockStep(SEC);
        assertThat(cmos(0x0c)).isEqualTo(0x30);
    }

    @Test
    void dontCareHoursAndMinutesAlarmOncePerMinute() {
        start(BASE);
        cmos(1, 0x00);
        cmos(3, 0xff);
        cmos(5, 0xff);
        pc.clockStep(3 * SEC); // 12:34:59
        assertThat(cmos(0x0c) & 0x20).isZero();
        pc.clockStep(SEC); // 12:35:00
        assertThat(cmos(0x0c)).isEqualTo(0x30);
        pc.clockStep(59 * SEC);
        assertThat(cmos(0x0c)).as("UF only").isEqualTo(0x10);
        pc.clockStep(SEC); // 12:36:00
        assertThat(cmos(0x0c)).isEqualTo(0x30);
    }

    @Test
    void alarmInBinaryAnd12HourMode() {
        start("2021-06-01T13:00:00");
        cmos(0x0b, 0x04); // binary, 12 hour: 1 PM is 0x81
        assertThat(cmos(4)).isEqualTo(0x81);
        cmos(1, 5);
        cmos(3, 0);
        cmos(5, 0x81);
        pc.clockStep(5 * SEC);
        assertThat(cmos(0x0c)).isEqualTo(0x30);
    }

    @Test
    void periodicInterruptFollowsTheRateWhilePieIsSet() {
        start(BASE);
        cmos(0x0a, 0x2f); // rate 15: 2 Hz
        pc.clockStep(2 * SEC);
        assertThat(cmos(0x0c) & 0x40).as("no PF without PIE").isZero();
        cmos(0x0b, 0x42); // PIE
        pc.clockStep(SEC / 2);
        assertThat(cmos(0x0c)).as("the first tick is 1 ns after the period").isZero();
        pc.clockStep(1);
        assertThat(cmos(0x0c)).isEqualTo(0xc0);
        pc.clockStep(SEC / 2);
        assertThat(cmos(0x0c)).isEqualTo(0xd0); // and UF
        assertThat(gsiLines).contains("8=1");
        cmos(0x0a, 0x23); // rate 3: 8192 Hz
        pc.clockStep(200_000);
        assertThat(cmos(0x0c)).isEqualTo(0xc0);
    }

    @Test
    void periodicRatesOneAndTwoAreTheSlowOnes() {
        assertThat(Mc146818Rtc.periodToClock(0)).isZero();
        assertThat(Mc146818Rtc.periodToClock(1)).isEqualTo(128);
        assertThat(Mc146818Rtc.periodToClock(2)).isEqualTo(256);
        assertThat(Mc146818Rtc.periodToClock(3)).isEqualTo(4);
        assertThat(Mc146818Rtc.periodToClock(6)).isEqualTo(32);
        assertThat(Mc146818Rtc.periodToClock(15)).isEqualTo(16384);
    }

    @Test
    void systemResetClearsTheInterruptEnablesAndFlagsButKeepsTheTime() {
        start(BASE);
        cmos(0x0b, 0x7a); // PIE AIE UIE SQWE 24H
        pc.clockStep(SEC);
        assertThat(gsiLines).contains("8=1");
        cmos(0x0f, 0x12);
        pc.systemReset();
        assertThat(cmos(0x0b)).isEqualTo(0x12);
        assertThat(cmos(0x0f)).isZero();
        assertThat(gsiLines.get(gsiLines.size() - 1)).isEqualTo("8=0");
        assertThat(cmos(0)).isEqualTo(0x57);
    }

    @Test
    void clockVmTimersStopWhileTheGuestIsStoppedButTimeMovesWithTheClock() {
        start(new RtcConfig(RtcConfig.Base.DATETIME, epoch(BASE), RtcConfig.ClockType.VM,
                RtcConfig.LostTickPolicy.DISCARD));
        pc.qmp(() -> pc.machine.commands().stop());
        pc.clockStep(5 * SEC);
        assertThat(cmos(0x0c)).as("no update while stopped").isZero();
        assertThat(cmos(0)).isEqualTo(0x01);
        pc.qmp(() -> pc.machine.commands().cont());
        // The overdue timer fires on a later pass of the control loop than the one that ran
        // `cont` (QEMU runs it after that loop iteration's handlers too), so a read may come first;
        // register C clears on read, so wait until a read sees the update flag.
        await("the overdue update, once running")
                .until(() -> cmos(0x0c), flags -> flags == 0x10);
    }

    @Test
    void clockHostTimersRunWhileTheGuestIsStopped() {
        start(BASE);
        pc.qmp(() -> pc.machine.commands().stop());
        pc.clockStep(SEC);
        assertThat(cmos(0x0c)).isEqualTo(0x10);
    }
}
