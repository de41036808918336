package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;

/**
 * S3 wake-up by the RTC alarm: with RTC_EN set in PM1_EN, an alarm while AIE is set wakes a
 * suspended guest on its own (WAKEUP, running, PM1_STS = WAK_STS | RTC_STS | TMR_STS = 0x8401), as
 * QEMU 7.2's rtc_update_timer requests QEMU_WAKEUP_REASON_RTC and acpi_notify_wakeup sets the bits.
 */
class PcRtcWakeupTest {
    private static final long SEC = 1_000_000_000L;
    private static final int BASE = 0x600;
    private static final int STS = BASE;
    private static final int EN = BASE + 2;
    private static final int CNT = BASE + 4;

    private PcRig pc;

    @AfterEach
    void stop() {
        pc.close();
    }

    private void start(final RtcConfig.ClockType clock) {
        long base = LocalDateTime.parse("2024-05-01T08:00:00").toEpochSecond(ZoneOffset.UTC);
        pc = PcRig.start(new PcPlatform.Config(new RtcConfig(RtcConfig.Base.DATETIME, base, clock,
                RtcConfig.LostTickPolicy.DISCARD), "cad", null, true, PcPlatform.rtcQomPath(1, true)));
        pc.enablePmAt(BASE);
    }

    private void cmos(final int reg, final int value) {
        pc.outb(0x70, reg);
        pc.outb(0x71, value);
    }

    private int cmos(final int reg) {
        pc.outb(0x70, reg);
        return (int) pc.inb(0x71);
    }

    /** Alarm at 08:00:03, AIE, then S3. */
    private void alarmInThreeSecondsThenSuspend(final int pm1En) {
        pc.outw(EN, pm1En);
        cmos(1, 0x03);
        cmos(3, 0x00);
        cmos(5, 0x08);
        cmos(0x0b, 0x22);
        pc.outw(CNT, 0x2400);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
    }

    @Test
    void anAlarmWakesTheGuestWhenRtcEnIsSet() {
        start(RtcConfig.ClockType.HOST);
        alarmInThreeSecondsThenSuspend(0x0400);
        pc.clockStep(3 * SEC - 1);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
        pc.clockStep(1);
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
        assertThat(pc.awaitEvents(2)).extracting(e -> e.eventName()).containsExactly("SUSPEND", "WAKEUP");
        pc.enablePmAt(BASE);
        assertThat(pc.inw(STS)).isEqualTo(0x8401L);
        assertThat(cmos(0x0b)).as("the wakeup reset clears AIE").isEqualTo(0x02);
        assertThat(cmos(0x0f)).as("the S3 resume flag for the BIOS").isEqualTo(0xfe);
        assertThat(cmos(0x0c)).as("and the flags").isZero();
    }

    @Test
    void withoutRtcEnTheAlarmOnlySetsItsFlag() {
        start(RtcConfig.ClockType.HOST);
        alarmInThreeSecondsThenSuspend(0x0100);
        pc.clockStep(10 * SEC);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
        pc.systemWakeup();
        pc.enablePmAt(BASE);
        assertThat(pc.inw(STS)).as("WAK_STS | PWRBTN_STS | TMR_STS: the power button story").isEqualTo(0x8101L);
    }

    @Test
    void withoutAieTheAlarmDoesNotWake() {
        start(RtcConfig.ClockType.HOST);
        pc.outw(EN, 0x0400);
        cmos(1, 0x03);
        cmos(3, 0x00);
        cmos(5, 0x08);
        pc.outw(CNT, 0x2400);
        pc.clockStep(10 * SEC);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
    }

    @Test
    void clockVmDoesNotRunInS3SoTheAlarmCannotWake() {
        start(RtcConfig.ClockType.VM);
        alarmInThreeSecondsThenSuspend(0x0400);
        pc.clockStep(10 * SEC);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
        pc.systemWakeup();
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void suspendSetsTheShutdownStatusByteAndAResetKeepsIt() {
        start(RtcConfig.ClockType.HOST);
        pc.outw(CNT, 0x2400);
        pc.systemWakeup();
        assertThat(cmos(0x0f)).isEqualTo(0xfe);
        pc.systemReset();
        assertThat(cmos(0x0f)).isEqualTo(0xfe);
        cmos(0x0f, 0x01);
        pc.systemReset();
        assertThat(cmos(0x0f)).isZero();
    }
}
