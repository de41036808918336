package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.WakeupReason;
import org.runstate.core.qapi.RunState;

/** S3 entered through PM1_CNT and left through system_wakeup or an enabled wakeup source (facts §7, §8). */
class PcS3WakeupTest {
    private static final int BASE = 0x600;
    private static final int STS = BASE;
    private static final int EN = BASE + 2;
    private static final int CNT = BASE + 4;

    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    @BeforeEach
    void start() {
        pc.enablePmAt(BASE);
    }

    private void enterS3() {
        pc.outw(CNT, 0x2400);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
    }

    private void wakeBy(final WakeupReason reason) {
        pc.qmp(() -> pc.machine.requests().wakeup(reason));
    }

    @Test
    void systemWakeupResumesRunningWithSuspendThenWakeupEventsAndNoReset() {
        enterS3();
        pc.systemWakeup();
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
        assertThat(pc.awaitEvents(2)).extracting(e -> e.eventName()).containsExactly("SUSPEND", "WAKEUP");
    }

    @Test
    void pmIoIsDisabledAfterWakeupAndPmbaReads0x0601() {
        enterS3();
        pc.systemWakeup();
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0x0601L);
        assertThat(pc.cfgRead(PcRig.PM, 0x80, 1)).isZero();
        assertThat(pc.inw(STS)).as("unassigned").isEqualTo(0xffffL);
    }

    @Test
    void stsIs0x8101AfterSystemWakeup() {
        pc.outw(STS, 0x0001);
        enterS3();
        pc.systemWakeup();
        pc.enablePmAt(BASE);
        assertThat(pc.inw(STS)).isEqualTo(0x8101L);
    }

    @Test
    void wakStsCannotBeClearedWithAByteWrite() {
        enterS3();
        pc.systemWakeup();
        pc.enablePmAt(BASE);
        pc.outb(STS + 1, 0x80);
        assertThat(pc.inw(STS)).isEqualTo(0x8101L);
        pc.outw(STS, 0x8100);
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
    }

    @Test
    void enAndCntAreZeroAfterWakeup() {
        pc.outw(EN, 0x0521);
        enterS3();
        pc.systemWakeup();
        pc.enablePmAt(BASE);
        assertThat(pc.inw(EN)).isZero();
        assertThat(pc.inw(CNT)).isZero();
    }

    @Test
    void wakeupResetsPciCommandsBarsRcrAndI8042() {
        pc.cfgWritel(PcRig.IDE, 0x20, 0xc001L);
        pc.cfgWrite(PcRig.IDE, 0x04, 2, 0x0507);
        pc.outb(0xcf9, 0x02);
        pc.outb(0x64, 0xaa);
        enterS3();
        pc.systemWakeup();
        assertThat(pc.cfgReadl(PcRig.IDE, 0x04)).isEqualTo(0x02800000L);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x20)).isEqualTo(0x00000001L);
        assertThat(pc.inb(0xcf9)).isZero();
        assertThat(pc.inb(0x64)).isEqualTo(0x18L);
    }

    @Test
    void hostBridgePamSurvivesWakeup() {
        pc.cfgWrite(PcRig.HOST, 0x5a, 1, 0x33);
        enterS3();
        pc.systemWakeup();
        assertThat(pc.cfgRead(PcRig.HOST, 0x5a, 1)).isEqualTo(0x33L);
    }

    @Test
    void gpeIsClearedByWakeup() {
        pc.outb(0xafe2, 0xff);
        enterS3();
        pc.systemWakeup();
        assertThat(pc.inl(0xafe0)).isZero();
    }

    @Test
    void rtcWakeupIsDroppedWhileRtcEnIsClear() {
        enterS3();
        wakeBy(WakeupReason.RTC);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
        assertThat(pc.eventNames()).containsExactly("SUSPEND");
    }

    @Test
    void rtcWakeupWithRtcEnWakesAndSetsWakAndRtcSts() {
        pc.outw(STS, 0x0001);
        pc.outw(EN, 0x0400);
        enterS3();
        wakeBy(WakeupReason.RTC);
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
        pc.enablePmAt(BASE);
        assertThat(pc.inw(STS)).isEqualTo(0x8401L);
    }

    @Test
    void pmTimerWakeupWithTmrEnWakesAndSetsWakAndTmrSts() {
        pc.outw(EN, 0x0001);
        enterS3();
        wakeBy(WakeupReason.PMTIMER);
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
        pc.enablePmAt(BASE);
        assertThat(pc.inw(STS)).isEqualTo(0x8001L);
    }

    @Test
    void rtcWakeupEnabledBeforeAResetIsMaskedAfterIt() {
        pc.outw(EN, 0x0400);
        pc.systemReset();
        pc.enablePmAt(BASE);
        pc.clearEvents();
        enterS3();
        wakeBy(WakeupReason.RTC);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
    }

    @Test
    void rtcWakeupIsMaskedAgainAfterAWakeup() {
        pc.outw(EN, 0x0400);
        enterS3();
        pc.systemWakeup();
        pc.enablePmAt(BASE);
        enterS3();
        wakeBy(WakeupReason.RTC);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
    }

    @Test
    void clearingRtcEnMasksRtcWakeup() {
        pc.outw(EN, 0x0400);
        pc.outw(EN, 0x0000);
        enterS3();
        wakeBy(WakeupReason.RTC);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
    }
}
