package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.clock.VirtualClock;

/** Identity registers, BAR0 sizing and mapping, placement (devices.md §1.1, golden wdt-pci-identity). */
class PciIdentityTest {
    @Test
    void identityDwordsAreQemus() {
        try (EsbHarness h = EsbHarness.stepped()) {
            assertThat(h.cfgRead(0x00, 4)).isEqualTo(0x25ab8086L);
            assertThat(h.cfgRead(0x04, 4)).isZero();
            assertThat(h.cfgRead(0x08, 4)).isEqualTo(0x08800000L); // class 0x0880, revision 0
            assertThat(h.cfgRead(0x0c, 4)).isZero();
            assertThat(h.cfgRead(0x2c, 4)).isEqualTo(0x11001af4L);
            assertThat(h.cfgRead(0x3c, 4)).isZero(); // no interrupt pin
        }
    }

    @Test
    void bar0IsA16ByteNonPrefetchable32BitMemoryBar() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.cfgWrite(0x10, 4, 0xffffffffL);
            assertThat(h.cfgRead(0x10, 4)).isEqualTo(0xfffffff0L);
        }
    }

    @Test
    void noOtherBarsAndNoRom() {
        try (EsbHarness h = EsbHarness.stepped()) {
            for (int reg = 0x14; reg <= 0x24; reg += 4) {
                h.cfgWrite(reg, 4, 0xffffffffL);
                assertThat(h.cfgRead(reg, 4)).as("BAR at 0x%x", reg).isZero();
            }
            h.cfgWrite(0x30, 4, 0xffffffffL);
            assertThat(h.cfgRead(0x30, 4)).isZero();
        }
    }

    @Test
    void programmedBarDecodesOnlyWithMemorySpaceEnabled() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.cfgWrite(0x10, 4, EsbHarness.BAR);
            assertThat(h.platform.memory().mappings()).noneMatch(m -> m.base() == EsbHarness.BAR);
            h.cfgWrite(0x04, 2, 0x2);
            assertThat(h.cfgRead(0x10, 4)).isEqualTo(EsbHarness.BAR);
            assertThat(h.cfgRead(0x04, 2)).isEqualTo(0x2L);
            assertThat(h.device.barAddress(0)).isEqualTo(EsbHarness.BAR);
        }
    }

    @Test
    void freshDeviceMmioReadsAreAllZero() {
        try (EsbHarness h = EsbHarness.stepped().withBarMapped()) {
            assertThat(h.cfgRead(0x60, 2)).isZero();
            assertThat(h.cfgRead(0x68, 1)).isZero();
            assertThat(h.readMem(EsbHarness.BAR + 0x0c, 2)).isZero();
            assertThat(h.readMem(EsbHarness.BAR, 4)).isZero();
            assertThat(h.readMem(EsbHarness.BAR + 0x0c, 1)).isZero();
        }
    }

    @Test
    void automaticPlacementTakesTheFirstFreeSlot() {
        try (EsbHarness h = EsbHarness.custom(VirtualClock.Mode.STEPPED, new ActionCommandLine(), -1, b -> b)) {
            assertThat(h.device.devfn()).isEqualTo(2 << 3); // 00.0 host bridge, 01.x PIIX: 02.0
            I6300EsbWatchdog second = I6300EsbWatchdog.plug(h.platform.machine(), h.platform.pci(), -1);
            assertThat(second.devfn()).isEqualTo(3 << 3);
        }
    }

    @Test
    void aTakenSlotIsRefusedWithQemusMessage() {
        try (EsbHarness h = EsbHarness.stepped()) {
            assertThatThrownBy(() -> I6300EsbWatchdog.plug(h.platform.machine(), h.platform.pci(), EsbHarness.DEVFN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("PCI: slot 4 function 0 not available for i6300esb, in use by i6300esb");
        }
    }
}
