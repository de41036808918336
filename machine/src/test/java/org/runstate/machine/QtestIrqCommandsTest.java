package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * irq_intercept_in/out and set_irq_in, and the asynchronous IRQ lines, as QEMU 7.2's
 * softmmu/qtest.c sends them; the quoted exchanges are QEMU 7.2.22's on {@code -M pc -nodefaults}.
 */
class QtestIrqCommandsTest {
    private final QtestRig rig = QtestRig.pc();

    @AfterEach
    void stop() {
        rig.close();
    }

    private void enablePmIoAt0x600() {
        rig.sendAll("outl 0xcf8 0x80000b40", "outl 0xcfc 0x601", "outl 0xcf8 0x80000b80", "outb 0xcfc 0x1");
    }

    @Test
    void interceptingAnUnknownDeviceFails() {
        rig.assertDialogue("""
                irq_intercept_in nothing -> FAIL Unknown device
                irq_intercept_out /machine/nothing -> FAIL Unknown device
                set_irq_in nothing x 0 1 -> FAIL Unknown device
                """);
    }

    @Test
    void theIoapicResolvesByItsPartialAndAbsolutePaths() {
        rig.assertDialogue("""
                irq_intercept_in ioapic -> OK
                irq_intercept_in /machine/i440fx/ioapic -> OK
                irq_intercept_in i440fx/ioapic -> OK
                """);
    }

    @Test
    void interceptingTheSameDeviceAgainIsOkEvenTheOtherDirection() {
        rig.assertDialogue("""
                irq_intercept_in ioapic
                irq_intercept_in ioapic -> OK
                irq_intercept_out ioapic -> OK
                """);
    }

    @Test
    void onlyOneDeviceCanBeIntercepted() {
        rig.assertDialogue("""
                irq_intercept_in ioapic
                irq_intercept_in acpi-device -> FAIL IRQ intercept already enabled
                """);
        assertThat(rig.send("irq_intercept_out nothing")).as("resolving comes first").isEqualTo("FAIL Unknown device");
    }

    @Test
    void setIrqInReportsLevelChangesBeforeItsReply() {
        rig.send("irq_intercept_in ioapic");
        assertThat(rig.exchange("set_irq_in ioapic unnamed-gpio-in 9 1")).containsExactly("IRQ raise 9", "OK");
        assertThat(rig.exchange("set_irq_in ioapic unnamed-gpio-in 9 1")).containsExactly("OK");
        assertThat(rig.exchange("set_irq_in ioapic unnamed-gpio-in 9 2")).containsExactly("IRQ raise 9", "OK");
        assertThat(rig.exchange("set_irq_in ioapic unnamed-gpio-in 9 0")).containsExactly("IRQ lower 9", "OK");
        assertThat(rig.exchange("set_irq_in ioapic unnamed-gpio-in 3 -1")).containsExactly("IRQ raise 3", "OK");
    }

    @Test
    void setIrqInWithoutInterceptionReportsNothing() {
        assertThat(rig.exchange("set_irq_in ioapic unnamed-gpio-in 9 1")).containsExactly("OK");
    }

    @Test
    void setIrqInOfAnInputTheDeviceLacksIsAnErrorInsteadOfQemusAbort() {
        assertThat(rig.send("set_irq_in ioapic unnamed-gpio-in 24 1")).startsWith("ERR ");
        assertThat(rig.send("set_irq_in ioapic some-name 0 1")).startsWith("ERR ");
        assertThat(rig.send("set_irq_in acpi-device unnamed-gpio-in 0 1")).startsWith("ERR ");
        assertThat(rig.send("set_irq_in ioapic unnamed-gpio-in 9 0x100000000")).isEqualTo("ERR invalid arguments to 'set_irq_in'");
    }

    /** The SCI (GSI 9) follows PM1_STS & PM1_EN: TMR_STS is set from power-on, so TMR_EN raises it. */
    @Test
    void theGuestRaisesAndLowersTheSciThroughPm1Registers() {
        rig.send("irq_intercept_in ioapic");
        enablePmIoAt0x600();
        assertThat(rig.exchange("inw 0x600")).containsExactly("OK 0x0001");
        assertThat(rig.exchange("outw 0x602 0x1")).containsExactly("IRQ raise 9", "OK");
        assertThat(rig.exchange("outw 0x600 0x1")).containsExactly("IRQ lower 9", "OK");
        assertThat(rig.exchange("outw 0x602 0x0")).containsExactly("OK");
    }

    @Test
    void thePmTimerOverflowRaisesTheSciDuringClockStep() {
        rig.send("irq_intercept_in ioapic");
        enablePmIoAt0x600();
        rig.sendAll("outw 0x602 0x1", "outw 0x600 0x1");
        assertThat(rig.exchange("clock_step")).containsExactly("IRQ raise 9", "OK 2343484437");
    }

    @Test
    void aPowerButtonPressIsReportedOutsideAnyQtestCommand() {
        rig.send("irq_intercept_in ioapic");
        enablePmIoAt0x600();
        rig.sendAll("outw 0x600 0x1", "outw 0x602 0x100");
        rig.machine.submit(() -> {
            rig.machine.commands().systemPowerdown(); // QMP system_powerdown
            return null;
        }).join();
        assertThat(rig.transcript()).endsWith("OK", "IRQ raise 9");
    }

    @Test
    void interceptingThePiix4OutputsReportsTheSciAsLine0() {
        assertThat(rig.send("irq_intercept_out acpi-device")).isEqualTo("OK");
        enablePmIoAt0x600();
        assertThat(rig.exchange("outw 0x602 0x1")).containsExactly("IRQ raise 0", "OK");
    }

    @Test
    void aNewConnectionCountsEveryLineAsLowAgain() {
        rig.send("irq_intercept_in ioapic");
        rig.send("set_irq_in ioapic unnamed-gpio-in 5 1");
        rig.reconnect();
        assertThat(rig.exchange("set_irq_in ioapic unnamed-gpio-in 5 1")).containsExactly("IRQ raise 5", "OK");
    }
}
