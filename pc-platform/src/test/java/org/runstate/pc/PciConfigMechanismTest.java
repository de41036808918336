package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PCI configuration mechanism #1 on {@code -M pc}, as seen by IN/OUT (facts §1). */
class PciConfigMechanismTest {
    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    /** Reads every width at {@code port}, asserting all ones at each. */
    private void assertAllOnesAtEveryWidth(final int port) {
        assertThat(pc.inl(port)).isEqualTo(0xffffffffL);
        assertThat(pc.inw(port)).isEqualTo(0xffffL);
        assertThat(pc.inb(port)).isEqualTo(0xffL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        outl 0xcf8 stores all thirty-two bits including low and reserved bits | 0xff000003 | 0xcf8 | 0xff000003
        cf8 bits 30 to 24 are ignored: 0xcfc reads 00.0's IDs                 | 0xff000000 | 0xcfc | 0x12378086
        """)
    void aDwordReadAfterLatchingAnAddress(final String behaviour, final String address, final String port,
            final String value) {
        pc.outl(0xcf8, Long.decode(address));
        assertThat(pc.inl(Integer.decode(port))).isEqualTo(Long.decode(value));
    }

    @Test
    void byteAndWordWritesToCf8AndCfaAndCfbAreIgnored() {
        pc.outl(0xcf8, 0x80000000L);
        pc.outb(0xcf8, 0x55);
        pc.outw(0xcf8, 0x1234);
        pc.outw(0xcfa, 0x5678);
        pc.outb(0xcfb, 0x11);
        assertThat(pc.inl(0xcf8)).isEqualTo(0x80000000L);
    }

    @Test
    void cf8ReadsReturnTheWholeRegisterMaskedToWidthAtAnyOffset() {
        pc.outl(0xcf8, 0x80000001L);
        assertThat(pc.inl(0xcf8)).isEqualTo(0x80000001L);
        assertThat(pc.inw(0xcf8)).isEqualTo(0x0001L);
        assertThat(pc.inb(0xcf8)).isEqualTo(0x01L);
        assertThat(pc.inb(0xcfa)).isEqualTo(0x01L);
        assertThat(pc.inb(0xcfb)).isEqualTo(0x01L);
        assertThat(pc.inw(0xcfa)).isEqualTo(0x0001L);
    }

    @Test
    void inbCf9ReadsTheResetControlRegisterNotTheAddressLatch() {
        pc.outl(0xcf8, 0x80000001L);
        assertThat(pc.inb(0xcf9)).isZero();
        pc.outb(0xcf9, 0x02);
        assertThat(pc.inb(0xcf9)).isEqualTo(0x02L);
        assertThat(pc.inl(0xcf8)).isEqualTo(0x80000001L);
    }

    @Test
    void cf8StartsAtZero() {
        assertThat(pc.inl(0xcf8)).isZero();
    }

    @Test
    void dataPortReadsAllOnesAndIgnoresWritesWhileTheEnableBitIsClear() {
        pc.outl(0xcf8, 0x00000000L);
        assertAllOnesAtEveryWidth(0xcfc);
        pc.outl(0xcf8, 0x00000b40L); // PMBA of 01.3, enable bit clear
        pc.outl(0xcfc, 0x0000d000L);
        assertThat(pc.cfgReadl(PcRig.PM, 0x40)).isEqualTo(0x00000001L);
    }

    @Test
    void cf8LowBitsAreOredIntoTheConfigOffset() {
        pc.outl(0xcf8, 0x80000001L);
        assertThat(pc.inl(0xcfc)).isEqualTo(0x00123780L); // 00.0 config bytes 1..4
        assertThat(pc.inb(0xcfd)).isEqualTo(0x80L); // byte 1
        assertThat(pc.inb(0xcfe)).isEqualTo(0x12L); // byte 3
    }

    @Test
    void unknownBusReadsAllOnesPerWidth() {
        pc.outl(0xcf8, 0x80010000L);
        assertAllOnesAtEveryWidth(0xcfc);
    }

    @Test
    void absentDevfnsOnBus0ReadAllOnes() {
        for (int devfn : new int[] {0x01, 0x07, 0x0a, 0x0c, 0x0f, 0x10, 0x18, 0xf8, 0xff}) {
            assertThat(pc.cfgReadl(devfn, 0x00)).as("devfn 0x%02x", devfn).isEqualTo(0xffffffffL);
        }
        assertThat(pc.cfgRead(0x10, 0x00, 1)).isEqualTo(0xffL);
        assertThat(pc.cfgRead(0x10, 0x00, 2)).isEqualTo(0xffffL);
    }

    @Test
    void usbFunction01_2IsAbsentWithNodefaults() {
        assertThat(pc.cfgReadl(0x0a, 0x00)).isEqualTo(0xffffffffL);
    }

    @Test
    void writesToAbsentDevfnsAreDroppedWithoutEffect() {
        pc.cfgWritel(0x10, 0x04, 0xffffffffL);
        assertThat(pc.cfgReadl(0x10, 0x04)).isEqualTo(0xffffffffL);
        assertThat(pc.cfgReadl(PcRig.HOST, 0x00)).isEqualTo(0x12378086L);
    }

    @Test
    void dwordReadAtOffset0xfeIsClippedToTwoBytes() {
        pc.cfgWritel(PcRig.IDE, 0xfc, 0xdeadbeefL);
        pc.outl(0xcf8, 0x800009feL);
        assertThat(pc.inl(0xcfc)).isEqualTo(0x0000deadL);
    }

    @Test
    void misalignedDataPortReadsAreInvalidAndReadZero() {
        pc.outl(0xcf8, 0x80000000L);
        assertThat(pc.inl(0xcfd)).isZero();
        assertThat(pc.inw(0xcfd)).isZero();
        assertThat(pc.inl(0xcfe)).isZero();
    }

    @Test
    void misalignedDataPortWritesAreDropped() {
        pc.outl(0xcf8, 0x80000b44L); // 01.3 offset 0x44: fully writable
        pc.outl(0xcfd, 0xffffffffL);
        pc.outw(0xcfd, 0xffffL);
        pc.outl(0xcfe, 0xffffffffL);
        assertThat(pc.cfgReadl(PcRig.PM, 0x44)).isZero();
    }

    @Test
    void alignedNarrowDataPortAccessesAtCfeAndCffAreValid() {
        pc.outl(0xcf8, 0x80000800L);
        assertThat(pc.inw(0xcfe)).isEqualTo(0x7000L);
        assertThat(pc.inb(0xcff)).isEqualTo(0x70L);
        pc.outl(0xcf8, 0x80000b44L);
        pc.outw(0xcfe, 0xbeefL);
        pc.outb(0xcfd, 0x5a);
        assertThat(pc.cfgReadl(PcRig.PM, 0x44)).isEqualTo(0xbeef5a00L);
    }

    @Test
    void configReadIsALittleEndianByteCopy() {
        assertThat(pc.cfgRead(PcRig.HOST, 0x00, 2)).isEqualTo(0x8086L);
        assertThat(pc.cfgRead(PcRig.HOST, 0x02, 2)).isEqualTo(0x1237L);
        assertThat(pc.cfgRead(PcRig.HOST, 0x03, 1)).isEqualTo(0x12L);
    }
}
