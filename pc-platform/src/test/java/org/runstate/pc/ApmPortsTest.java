package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;

/** The APM ports 0xB2/0xB3 of the PIIX4 PM function (hw/isa/apm.c, piix4's apm_ctrl_changed). */
class ApmPortsTest {
    private static final int APMC = 0xb2;
    private static final int APMS = 0xb3;
    private static final int CNT = 0x604;

    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    @BeforeEach
    void start() {
        pc.enablePmAt(0x600);
    }

    /** Asserts what the command (0xB2) and status (0xB3) ports read as bytes. */
    private void assertApmBytes(final long command, final long status) {
        assertThat(pc.inb(APMC)).isEqualTo(command);
        assertThat(pc.inb(APMS)).isEqualTo(status);
    }

    @Test
    void bothPortsReadBackTheLastByteWritten() {
        assertApmBytes(0, 0);
        pc.outb(APMC, 0x5a);
        pc.outb(APMS, 0xa5);
        assertApmBytes(0x5a, 0xa5);
    }

    @Test
    void acpiEnableCommandSetsSciEnInPm1Cnt() {
        pc.outb(APMC, 0xf1);
        assertThat(pc.inw(CNT)).isEqualTo(0x0001L);
    }

    @Test
    void acpiDisableCommandClearsOnlySciEn() {
        pc.outw(CNT, 0x0401); // SLP_TYP 1 stored without SLP_EN, SCI_EN set by the guest
        pc.outb(APMC, 0xf0);
        assertThat(pc.inw(CNT)).isEqualTo(0x0400L);
    }

    @Test
    void otherCommandsLeavePm1CntAlone() {
        pc.outb(APMC, 0xf1);
        pc.outb(APMC, 0x42);
        assertThat(pc.inw(CNT)).isEqualTo(0x0001L);
        assertThat(pc.inb(APMC)).isEqualTo(0x42L);
    }

    /** QEMU's APM region implements bytes only: a word write is two byte writes, APMC then APMS. */
    @Test
    void aWordWriteAtB2IsSplitIntoCommandAndStatus() {
        pc.outw(APMC, 0x33f1);
        assertApmBytes(0xf1, 0x33);
        assertThat(pc.inw(APMC)).isEqualTo(0x33f1L);
        assertThat(pc.inw(CNT)).isEqualTo(0x0001L);
    }

    /** QEMU registers no reset for the APM state; PM1_CNT is reset by piix4_pm_reset. */
    @Test
    void aSystemResetKeepsTheApmBytesButClearsSciEn() {
        pc.outb(APMC, 0xf1);
        pc.outb(APMS, 0x07);
        pc.systemReset();
        pc.enablePmAt(0x600);
        assertApmBytes(0xf1, 0x07);
        assertThat(pc.inw(CNT)).isZero();
    }

    @Test
    void sciEnFromApmSurvivesAnS5WriteThatKeepsIt() {
        pc.outb(APMC, 0xf1);
        pc.outw(CNT, 0x2001); // S5 with SCI_EN kept, as Linux writes it
        assertThat(pc.awaitEvents(1)).containsExactly(new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN));
    }
}
