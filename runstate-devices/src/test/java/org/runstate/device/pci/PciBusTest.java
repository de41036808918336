package org.runstate.device.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.runstate.device.AddressSpace;
import org.runstate.device.IoRegion;

/** Config mechanism #1, QEMU's write masks and BAR sizing/mapping, driven through ports like a guest. */
class PciBusTest {
    private AddressSpace io;
    private AddressSpace mem;
    private PciBus bus;

    /** A device with a 16-byte memory BAR0 whose registers read back 0x5a. */
    static final class TestDevice extends PciFunction {
        TestDevice(final boolean io, final int size) {
            super("test", new PciIdentity(0x8086, 0x25ab, 0x01, 0x088000, 0, 0x1af4, 0x1100, 0));
            addBar(0, io, size, new IoRegion() {
                @Override
                public long read(final long offset, final int s) {
                    return 0x5a;
                }

                @Override
                public void write(final long offset, final int s, final long value) {
                }
            });
        }
    }

    @BeforeEach
    void setUp() {
        io = new AddressSpace(AddressSpace.Kind.PORT_IO);
        mem = new AddressSpace(AddressSpace.Kind.MEMORY);
        bus = new PciBus(io, mem);
    }

    private long cfgRead(final int devfn, final int reg, final int size) {
        io.write(0xcf8, 4, 0x80000000L | devfn << 8 | (reg & 0xfc));
        return io.read(0xcfc + (reg & 3), size);
    }

    private void cfgWrite(final int devfn, final int reg, final int size, final long value) {
        io.write(0xcf8, 4, 0x80000000L | devfn << 8 | (reg & 0xfc));
        io.write(0xcfc + (reg & 3), size, value);
    }

    @Test
    void identityRegistersReadThroughTheDataWindowAtAnyWidth() {
        bus.plug(new TestDevice(false, 16), 4 << 3);
        assertThat(cfgRead(0x20, 0x00, 4)).isEqualTo(0x25ab8086L);
        assertThat(cfgRead(0x20, 0x02, 2)).isEqualTo(0x25abL);
        assertThat(cfgRead(0x20, 0x08, 4)).isEqualTo(0x08800001L);
        assertThat(cfgRead(0x20, 0x2c, 4)).isEqualTo(0x11001af4L);
    }

    @Test
    void missingFunctionsAndDisabledAccessReadAllOnes() {
        assertThat(cfgRead(0x28, 0x00, 4)).isEqualTo(0xffffffffL);
        io.write(0xcf8, 4, 0x00002000);
        bus.plug(new TestDevice(false, 16), 4 << 3);
        assertThat(io.read(0xcfc, 4)).isEqualTo(0xffffffffL);
    }

    @Test
    void misalignedDataPortAccessesAreInvalidAndReadZero() {
        bus.plug(new TestDevice(false, 16), 0x20);
        io.write(0xcf8, 4, 0x80002000L);
        assertThat(io.read(0xcfd, 4)).isZero();
        assertThat(io.read(0xcfe, 2)).isEqualTo(0x25abL);
    }

    @Test
    void aReadPastTheEndOfConfigSpaceIsClipped() {
        bus.plug(new TestDevice(false, 16), 0x20);
        assertThat(cfgRead(0x20, 0xfc, 4)).isZero();
        io.write(0xcf8, 4, 0x800020feL);
        assertThat(io.read(0xcfc, 4)).as("two bytes read, upper half 0").isZero();
    }

    @Test
    void onlyADwordWriteChangesTheAddressRegister() {
        io.write(0xcf8, 4, 0x80001234L);
        io.write(0xcf8, 1, 0);
        assertThat(io.read(0xcf8, 4)).isEqualTo(0x80001234L);
    }

    @Test
    void barSizingReadsBackTheSizeMaskAndIdentityIsReadOnly() {
        bus.plug(new TestDevice(false, 16), 0x20);
        cfgWrite(0x20, 0x10, 4, 0xffffffffL);
        assertThat(cfgRead(0x20, 0x10, 4)).isEqualTo(0xfffffff0L);
        cfgWrite(0x20, 0x00, 4, 0);
        assertThat(cfgRead(0x20, 0x00, 4)).isEqualTo(0x25ab8086L);
    }

    @Test
    void aTwoByteMemoryBarSizesToFffffffeBecauseItsTypeBitsAreWritable() {
        bus.plug(new TestDevice(false, 2), 0x28);
        cfgWrite(0x28, 0x10, 4, 0xffffffffL);
        assertThat(cfgRead(0x28, 0x10, 4)).isEqualTo(0xfffffffeL);
    }

    @Test
    void barIsMappedOnlyWhileMemoryDecodingIsEnabledAndFollowsMoves() {
        bus.plug(new TestDevice(false, 16), 0x20);
        cfgWrite(0x20, 0x10, 4, 0xfe000000L);
        assertThat(mem.read(0xfe000000L, 1)).as("decode off").isZero();
        cfgWrite(0x20, 0x04, 2, PciFunction.COMMAND_MEMORY);
        assertThat(mem.read(0xfe000000L, 1)).isEqualTo(0x5aL);
        cfgWrite(0x20, 0x10, 4, 0xfe001000L);
        assertThat(mem.read(0xfe000000L, 1)).isZero();
        assertThat(mem.read(0xfe001000L, 1)).isEqualTo(0x5aL);
        cfgWrite(0x20, 0x04, 2, 0);
        assertThat(mem.read(0xfe001000L, 1)).isZero();
    }

    @Test
    void ioBarDecodesOnlyWithTheIoBit() {
        bus.plug(new TestDevice(true, 16), 0x20);
        cfgWrite(0x20, 0x10, 4, 0xc000);
        cfgWrite(0x20, 0x04, 2, PciFunction.COMMAND_MEMORY);
        assertThat(io.read(0xc000, 1)).isEqualTo(0xffL);
        cfgWrite(0x20, 0x04, 2, PciFunction.COMMAND_IO);
        assertThat(io.read(0xc000, 1)).isEqualTo(0x5aL);
        assertThat(cfgRead(0x20, 0x10, 4)).isEqualTo(0xc001L);
    }

    @Test
    void commandRegisterKeepsOnlyItsWritableBitsAndStatusBitsClearOnOne() {
        TestDevice d = new TestDevice(false, 16);
        bus.plug(d, 0x20);
        cfgWrite(0x20, 0x04, 2, 0xffff);
        assertThat(cfgRead(0x20, 0x04, 2)).as("IO|MEM|MASTER|SERR|INTX_DISABLE").isEqualTo(0x0507L);
        synchronized (d) {
            d.putWord(PciFunction.STATUS, 0x8010);
        }
        cfgWrite(0x20, 0x06, 2, 0x8000);
        assertThat(cfgRead(0x20, 0x06, 2)).isEqualTo(0x0010L);
    }

    @Test
    void resetUnmapsBarsAndRestoresTheirTypeBits() {
        TestDevice d = new TestDevice(false, 16);
        bus.plug(d, 0x20);
        cfgWrite(0x20, 0x10, 4, 0xfe000000L);
        cfgWrite(0x20, 0x04, 2, PciFunction.COMMAND_MEMORY);
        cfgWrite(0x20, 0x3c, 1, 0x0b);
        bus.reset();
        assertThat(cfgRead(0x20, 0x10, 4)).isZero();
        assertThat(cfgRead(0x20, 0x04, 2)).isZero();
        assertThat(cfgRead(0x20, 0x3c, 1)).isZero();
        assertThat(mem.read(0xfe000000L, 1)).isZero();
    }

    @Test
    void automaticPlacementTakesTheFirstFreeSlotAndTakenSlotsAreRefused() {
        bus.plug(new TestDevice(false, 16), 0x00);
        bus.plug(new TestDevice(false, 16), 0x08);
        assertThat(bus.firstFreeSlot()).isEqualTo(0x10);
        assertThatThrownBy(() -> bus.plug(new TestDevice(false, 16), 0x08))
                .hasMessage("PCI: slot 1 function 0 not available for test, in use by test");
    }
}
