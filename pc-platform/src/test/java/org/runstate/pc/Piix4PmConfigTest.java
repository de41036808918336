package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PIIX4 PM config space: PMBA 0x40, PMREGMISC 0x80 and the machine-ready registers (facts §7). */
class Piix4PmConfigTest {
    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    @Test
    void pmbaReads0x00000001AndPmregmiscZeroAtPowerOn() {
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0x00000001L);
        assertThat(pc.cfgRead(PcRig.PM, 0x80, 1)).isZero();
    }

    @Test
    void pmbaIsFullyWritableIncludingBit0() {
        pc.cfgWritel(PcRig.PM, 0x40, 0xffffffffL);
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0xffffffffL);
        pc.cfgWritel(PcRig.PM, 0x40, 0x600L);
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0x600L);
        pc.cfgWritel(PcRig.PM, 0x40, 0x601L);
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0x601L);
    }

    @Test
    void pmregmiscIsFullyWritable() {
        pc.cfgWrite(PcRig.PM, 0x80, 1, 0xff);
        assertThat(pc.cfgRead(PcRig.PM, 0x80, 1)).isEqualTo(0xffL);
    }

    @Test
    void pmIoIsDisabledUntilPmregmiscBit0IsSet() {
        pc.cfgWritel(PcRig.PM, 0x40, 0x601L);
        assertThat(pc.inw(0x600)).as("unassigned").isEqualTo(0xffffL);
        pc.cfgWrite(PcRig.PM, 0x80, 1, 0x01);
        assertThat(pc.inw(0x600)).as("PM1_STS with TMR_STS").isEqualTo(0x0001L);
        pc.cfgWrite(PcRig.PM, 0x80, 1, 0x00);
        assertThat(pc.inw(0x600)).isEqualTo(0xffffL);
    }

    @Test
    void pmIoBaseIsPmbaMaskedWith0xffc0() {
        pc.cfgWritel(PcRig.PM, 0x40, 0x0abcd601L);
        pc.cfgWrite(PcRig.PM, 0x80, 1, 0x01);
        assertThat(pc.inw(0xd600)).isEqualTo(0x0001L);
        pc.cfgWritel(PcRig.PM, 0x40, 0x0000073fL); // bits 5..0 ignored: base 0x700
        assertThat(pc.inw(0xd600)).isEqualTo(0xffffL);
        assertThat(pc.inw(0x700)).isEqualTo(0x0001L);
    }

    @Test
    void pmbaLowByteResetsTo0x01AndTheRestSurvivesReset() {
        pc.cfgWritel(PcRig.PM, 0x40, 0x0abcd6c0L);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0x0abcd601L);
    }

    @Test
    void pmba0x0601SurvivesResetButPmIoIsDisabled() {
        pc.enablePmAt(0x600);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0x0601L);
        assertThat(pc.cfgRead(PcRig.PM, 0x80, 1)).isZero();
        assertThat(pc.inw(0x600)).isEqualTo(0xffffL);
    }

    @Test
    void smbusBaseAndEnableAreSetAtRealizeAndSurviveReset() {
        assertThat(pc.cfgReadl(PcRig.PM, 0x90)).isEqualTo(0x0000b101L);
        assertThat(pc.cfgReadl(PcRig.PM, 0xd0)).isEqualTo(0x00090000L);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.PM, 0x90)).isEqualTo(0x0000b101L);
        assertThat(pc.cfgReadl(PcRig.PM, 0xd0)).isEqualTo(0x00090000L);
    }

    @Test
    void machineReadyRegisters0x5fAnd0x63() {
        assertThat(pc.cfgReadl(PcRig.PM, 0x5c)).isEqualTo(0x10000000L);
        assertThat(pc.cfgReadl(PcRig.PM, 0x60)).isEqualTo(0x60000000L);
    }

    @Test
    void resetClears0x58To0x5bWithSmmEnabled() {
        pc.cfgWritel(PcRig.PM, 0x58, 0xffffffffL);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.PM, 0x58)).isZero();
    }

    @Test
    void pmCommandIsClearedByTheGenericResetAfterPiix4Reset() {
        pc.cfgWrite(PcRig.PM, 0x04, 2, 0x0507);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.PM, 0x04)).isEqualTo(0x02800000L);
    }
}
