package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.qapi.PowerdownEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.SuspendDiskEvent;
import org.runstate.core.qapi.SuspendEvent;

/** The PIIX4 PM I/O block at PMBA 0x600: PM1 event/control, PM timer, width quirks (facts §7). */
class Piix4PmIoTest {
    private static final int BASE = 0x600;
    private static final int STS = BASE;
    private static final int EN = BASE + 2;
    private static final int CNT = BASE + 4;
    private static final int TMR = BASE + 8;
    /** 0x800000 PM timer ticks in ns: 2343484437.27. */
    private static final long OVERFLOW_NS = 2_343_484_437L;

    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    @BeforeEach
    void start() {
        pc.enablePmAt(BASE);
    }

    // ---- PM1_CNT sleep requests ----------------------------------------------------------------

    @Test
    void slpTyp0WithSlpEnIsGuestShutdownAndExitsZero() {
        pc.outw(CNT, 0x2000);
        assertThat(pc.awaitEvents(1)).containsExactly(new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN));
        assertThat(pc.awaitTermination().exitStatus()).isZero();
    }

    @Test
    void slpTyp1WithSlpEnSuspendsWithoutStop() {
        pc.outw(CNT, 0x2400);
        assertThat(pc.awaitEvents(1)).containsExactly(SuspendEvent.INSTANCE);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
        assertThat(pc.eventNames()).doesNotContain("STOP");
    }

    @Test
    void s3WriteStoresCntWithoutSlpEn() {
        pc.outw(CNT, 0x2400);
        pc.awaitEvents(1);
        assertThat(pc.inw(CNT)).isEqualTo(0x0400L);
    }

    @Test
    void slpTyp2WithSlpEnIsSuspendDiskThenGuestShutdown() {
        pc.outw(CNT, 0x2800);
        assertThat(pc.awaitEvents(2)).containsExactly(SuspendDiskEvent.INSTANCE,
                new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN));
        assertThat(pc.awaitTermination().exitStatus()).isZero();
    }

    @Test
    void otherSlpTypIsIgnoredButStored() {
        pc.outw(CNT, 0x3c01);
        assertThat(pc.inw(CNT)).isEqualTo(0x1c01L);
        pc.outw(CNT, 0x2c00); // typ 3
        assertThat(pc.inw(CNT)).isEqualTo(0x0c00L);
        assertThat(pc.events()).isEmpty();
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void slpTypWithoutSlpEnDoesNothingButIsStored() {
        pc.outw(CNT, 0x0001);
        assertThat(pc.inw(CNT)).isEqualTo(0x0001L);
        assertThat(pc.events()).isEmpty();
    }

    @Test
    void cntReadsZeroAfterResetUnderTcgSmm() {
        pc.outw(CNT, 0x1c01);
        pc.systemReset();
        pc.enablePmAt(BASE);
        assertThat(pc.inw(CNT)).isZero();
    }

    // ---- width quirks ----------------------------------------------------------------------------

    @Test
    void dwordWriteToPm1CntIsInvalidAndDoesNotShutDown() {
        pc.outl(CNT, 0x2000);
        assertThat(pc.events()).isEmpty();
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
        assertThat(pc.inw(CNT)).isZero();
    }

    @Test
    void dwordReadsOfPm1RegistersReadZero() {
        pc.outw(EN, 0x0100);
        assertThat(pc.inl(STS)).isZero();
        assertThat(pc.inl(CNT)).isZero();
    }

    @Test
    void dwordWriteToPm1StsIsDropped() {
        pc.outl(STS, 0xffffffffL);
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
        assertThat(pc.inw(EN)).isZero();
    }

    @Test
    void misalignedWordReadOfPm1StsReadsZero() {
        assertThat(pc.inw(STS + 1)).isZero();
    }

    @Test
    void byteReadsOfPm1EvtSeeOnlyOffsets0And2() {
        pc.outw(EN, 0x0521);
        assertThat(pc.inb(STS)).isEqualTo(0x01L);
        assertThat(pc.inb(STS + 1)).isZero();
        assertThat(pc.inb(EN)).isEqualTo(0x21L);
        assertThat(pc.inb(EN + 1)).isZero();
    }

    @Test
    void byteWriteToPm1EnClearsItsHighByte() {
        pc.outw(EN, 0x0521);
        assertThat(pc.inw(EN)).isEqualTo(0x0521L);
        pc.outb(EN, 0x20);
        assertThat(pc.inw(EN)).isEqualTo(0x0020L);
    }

    @Test
    void byteWriteToPm1EnHighByteIsIgnored() {
        pc.outw(EN, 0x0021);
        pc.outb(EN + 1, 0x05);
        assertThat(pc.inw(EN)).isEqualTo(0x0021L);
    }

    @Test
    void byteReadOfPm1CntHighByteReturnsTheLowByte() {
        pc.outw(CNT, 0x1c01);
        assertThat(pc.inb(CNT)).isEqualTo(0x01L);
        assertThat(pc.inb(CNT + 1)).isEqualTo(0x01L);
    }

    @Test
    void byteWriteToPm1CntHighByteReplacesTheWholeRegister() {
        pc.outw(CNT, 0x0001);
        pc.outb(CNT + 1, 0x1c);
        assertThat(pc.inw(CNT)).isEqualTo(0x001cL);
        assertThat(pc.events()).isEmpty();
    }

    @Test
    void unassignedHolesInsideThePmBlockReadAllOnesWhenAligned() {
        assertThat(pc.inw(BASE + 6)).isEqualTo(0xffffL);
        assertThat(pc.inb(BASE + 7)).isEqualTo(0xffL);
        assertThat(pc.inl(BASE + 0x0c)).isEqualTo(0xffffffffL);
        assertThat(pc.inl(BASE + 0x3c)).isEqualTo(0xffffffffL);
    }

    // ---- PM timer -------------------------------------------------------------------------------

    @Test
    void pmTimerCountsAt3579545HzFromTheVirtualClock() {
        assertThat(pc.inl(TMR)).isZero();
        pc.clockStep(1_000_000_000L);
        assertThat(pc.inl(TMR)).isEqualTo(3_579_545L);
        pc.clockStep(123_456_789L); // 1.123456789 s -> floor(1123456789 * 3579545 / 1e9)
        assertThat(pc.inl(TMR)).isEqualTo(4_021_464L);
    }

    @Test
    void pmTimerIs24BitsAndWraps() {
        pc.clockStep(5_000_000_000L);
        assertThat(pc.inl(TMR)).isEqualTo(17_897_725L & 0xffffff);
    }

    @Test
    void pmTimerNarrowReadsAreWidenedToTheDwordAtTheOffset() {
        pc.clockStep(1_000_000_000L); // 0x369e99
        assertThat(pc.inb(TMR)).isEqualTo(0x99L);
        assertThat(pc.inb(TMR + 1)).isEqualTo(0x99L);
        assertThat(pc.inb(TMR + 3)).isEqualTo(0x99L);
        assertThat(pc.inw(TMR + 2)).isEqualTo(0x9e99L);
        assertThat(pc.inl(TMR + 1)).isZero();
    }

    @Test
    void pmTimerWritesAreIgnored() {
        pc.clockStep(1_000_000_000L);
        pc.outl(TMR, 0);
        assertThat(pc.inl(TMR)).isEqualTo(3_579_545L);
    }

    @Test
    void pmTimerIsNotResetBySystemReset() {
        pc.clockStep(1_000_000_000L);
        pc.systemReset();
        pc.enablePmAt(BASE);
        assertThat(pc.inl(TMR)).isEqualTo(3_579_545L);
    }

    // ---- TMR_STS ----------------------------------------------------------------------------------

    @Test
    void tmrStsIsSetFromPowerOnUntilWritten() {
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
        pc.outw(STS, 0x0001);
        assertThat(pc.inw(STS)).isZero();
    }

    @Test
    void tmrStsIsSetAgainAtTheNextBit23Toggle() {
        pc.outw(STS, 0x0001); // at 0 ticks: next overflow at 0x800000 ticks
        pc.clockStep(OVERFLOW_NS - 1_000);
        assertThat(pc.inw(STS)).isZero();
        pc.clockStep(2_000);
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
    }

    @Test
    void tmrStsOverflowIsComputedFromTheTimeOfTheClearingWrite() {
        pc.clockStep(1_000_000_000L); // 0x369e99 ticks: next bit-23 toggle is still 0x800000
        pc.outw(STS, 0x0001);
        pc.clockStep(OVERFLOW_NS - 1_000_000_000L - 1_000);
        assertThat(pc.inw(STS)).isZero();
        pc.clockStep(2_000);
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
        pc.outw(STS, 0x0001); // now at 0x800000+: next toggle at 0x1000000 ticks
        assertThat(pc.inw(STS)).isZero();
        pc.clockStep(OVERFLOW_NS - 2_000);
        assertThat(pc.inw(STS)).isZero();
        pc.clockStep(2_000);
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
    }

    @Test
    void tmrStsIsSetAgainAfterReset() {
        pc.outw(STS, 0x0001);
        pc.systemReset();
        pc.enablePmAt(BASE);
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
    }

    @Test
    void byteWriteToPm1StsHighByteCannotClearIt() {
        pc.outw(EN, 0x0100);
        pc.systemPowerdown();
        assertThat(pc.inw(STS)).isEqualTo(0x0101L);
        pc.outb(STS + 1, 0x01);
        assertThat(pc.inw(STS)).isEqualTo(0x0101L);
        pc.outw(STS, 0x0100);
        assertThat(pc.inw(STS)).isEqualTo(0x0001L);
    }

    // ---- power button -------------------------------------------------------------------------

    @Test
    void powerButtonSetsPwrbtnStsOnlyWhenEnabled() {
        pc.outw(STS, 0x0001);
        pc.outw(EN, 0x0100);
        pc.systemPowerdown();
        assertThat(pc.awaitEvents(1)).containsExactly(PowerdownEvent.INSTANCE);
        assertThat(pc.inw(STS)).isEqualTo(0x0100L);
    }

    @Test
    void powerButtonWithPwrbtnEnClearLeavesStsButStillEmitsPowerdown() {
        pc.outw(STS, 0x0001);
        pc.systemPowerdown();
        assertThat(pc.awaitEvents(1)).containsExactly(PowerdownEvent.INSTANCE);
        assertThat(pc.inw(STS)).isZero();
        assertThat(pc.state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void powerButtonNeverWakesASuspendedGuest() {
        pc.outw(EN, 0x0100);
        pc.outw(CNT, 0x2400);
        pc.awaitEvents(1);
        pc.systemPowerdown();
        assertThat(pc.awaitEvents(2)).extracting(e -> e.eventName()).containsExactly("SUSPEND", "POWERDOWN");
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
    }

    @Test
    void enIsClearedBySystemReset() {
        pc.outw(EN, 0x0521);
        pc.systemReset();
        pc.enablePmAt(BASE);
        assertThat(pc.inw(EN)).isZero();
    }
}
