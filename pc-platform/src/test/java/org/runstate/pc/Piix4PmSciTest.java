package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.device.GpioDevice;
import org.runstate.core.qapi.RunState;

/**
 * The PIIX4 SCI on GSI 9 (acpi_update_sci), seen as qtest sees it with the I/O APIC's inputs
 * intercepted. The first three scenarios repeat what QEMU 7.2.22 answered over qtest.
 */
class Piix4PmSciTest {
    private static final int BASE = 0x600;
    private static final int STS = BASE;
    private static final int EN = BASE + 2;
    private static final int CNT = BASE + 4;
    private static final int TMR_EN = 0x0001;
    private static final int PWRBTN_EN = 0x0100;
    /** muldiv64(0x800000, 1e9, 3579545): the first overflow after clearing TMR_STS at time 0. */
    private static final long FIRST_OVERFLOW_NS = 2_343_484_437L;

    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();
    private final List<String> gsi = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        pc.enablePmAt(BASE);
        pc.platform.devices().resolve("ioapic").interceptInputs((n, level) -> gsi.add(n + "=" + level));
    }

    /** TMR_STS is set from power-on, so setting TMR_EN raises the SCI (GSI 9). */
    private void assertTheTimerEnableRaisesTheSci() {
        pc.outw(EN, TMR_EN);
        assertThat(gsi).containsExactly("9=1");
    }

    @Test
    void enablingTheTimerEventWhileTmrStsIsSetRaisesTheSci() {
        assertTheTimerEnableRaisesTheSci();
    }

    @Test
    void clearingTmrStsLowersTheSci() {
        pc.outw(EN, TMR_EN);
        pc.outw(STS, 0x0001);
        assertThat(gsi).containsExactly("9=1", "9=0");
        assertThat(pc.inw(STS)).isZero();
    }

    @Test
    void everyEnableWriteSetsTheLevelAgain() {
        pc.outw(EN, 0x0000);
        pc.outw(EN, 0x0400);
        assertThat(gsi).containsExactly("9=0", "9=0");
    }

    @Test
    void sciEnDoesNotGateTheSci() {
        assertThat(pc.inw(CNT) & 1).isZero();
        assertTheTimerEnableRaisesTheSci();
    }

    @Test
    void theOverflowTimerRaisesTheSciWhenBit23OfThePmTimerToggles() {
        pc.outw(EN, TMR_EN);
        pc.outw(STS, 0x0001);
        gsi.clear();
        pc.clockStep(FIRST_OVERFLOW_NS - 1);
        assertThat(gsi).isEmpty();
        pc.clockStep(1);
        assertThat(gsi).containsExactly("9=1");
        assertThat(pc.inw(STS) & 1).isEqualTo(1L);
    }

    @Test
    void withoutTmrEnNoOverflowTimerRuns() {
        pc.outw(STS, 0x0001);
        gsi.clear();
        assertThat(pc.machine.virtualClock().nanosToNextDeadline()).isNegative();
        pc.clockStep(FIRST_OVERFLOW_NS * 2);
        assertThat(gsi).isEmpty();
    }

    @Test
    void anEnabledPowerButtonPressRaisesTheSci() {
        pc.outw(STS, 0x0001);
        pc.outw(EN, PWRBTN_EN);
        gsi.clear();
        pc.systemPowerdown();
        pc.awaitEvents(1);
        assertThat(gsi).containsExactly("9=1");
        assertThat(pc.inw(STS)).isEqualTo(0x0100L);
    }

    @Test
    void aDisabledPowerButtonPressLeavesTheSciAlone() {
        pc.systemPowerdown();
        pc.awaitEvents(1);
        assertThat(gsi).isEmpty();
    }

    @Test
    void aSystemResetLowersARaisedSci() {
        pc.outw(EN, TMR_EN);
        gsi.clear();
        pc.systemReset();
        assertThat(gsi).contains("9=0");
    }

    @Test
    void gpeWritesUpdateTheSci() {
        pc.outb(0xafe2, 0xff);
        assertThat(gsi).containsExactly("9=0");
    }

    /** pause_all_vcpus disables virtual-clock timers in S3, so the PM timer cannot wake the guest. */
    @Test
    void theOverflowTimerDoesNotRunWhileSuspended() {
        pc.outw(EN, TMR_EN);
        pc.outw(STS, 0x0001);
        gsi.clear();
        pc.outw(CNT, 0x2400);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
        pc.clockStep(FIRST_OVERFLOW_NS);
        assertThat(pc.state()).isEqualTo(RunState.SUSPENDED);
        assertThat(gsi).isEmpty();
    }

    @Test
    void thePiix4OutputCanBeInterceptedThroughTheAcpiDeviceLink() {
        PcRig other = PcRig.start();
        try {
            List<String> out = new CopyOnWriteArrayList<>();
            GpioDevice pm = other.platform.devices().resolve("/machine/acpi-device");
            pm.interceptOutputs((n, level) -> out.add(n + "=" + level));
            other.enablePmAt(BASE);
            other.outw(EN, TMR_EN);
            assertThat(out).containsExactly("0=1");
        } finally {
            other.close();
        }
    }
}
