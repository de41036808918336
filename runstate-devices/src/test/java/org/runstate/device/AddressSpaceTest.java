package org.runstate.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressSpaceTest {
    /** A byte-wide register file that records accesses. */
    static class ByteRegisters implements IoRegion {
        final byte[] bytes;
        final List<String> log = new ArrayList<>();

        ByteRegisters(final int... values) {
            bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
        }

        @Override
        public long read(final long offset, final int size) {
            log.add("r" + offset + "/" + size);
            return bytes[(int) offset] & 0xff;
        }

        @Override
        public void write(final long offset, final int size, final long value) {
            log.add("w" + offset + "/" + size + "=" + value);
            bytes[(int) offset] = (byte) value;
        }

        @Override
        public int maxAccessSize() {
            return 1;
        }
    }

    @Test
    void unassignedPortReadsAreAllOnesOfTheAccessWidth() {
        AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
        assertThat(io.read(0x80, 1)).isEqualTo(0xffL);
        assertThat(io.read(0x80, 2)).isEqualTo(0xffffL);
        assertThat(io.read(0x80, 4)).isEqualTo(0xffffffffL);
    }

    @Test
    void unassignedMisalignedPortReadsAreZero() {
        AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
        assertThat(io.read(0x505, 2)).isZero();
        assertThat(io.read(0x5fe, 2)).isEqualTo(0xffffL);
        assertThat(io.read(0x5fe, 4)).isZero();
    }

    @Test
    void accessesOutsideTheValidSizesOrUnalignedReadZeroAndDropWrites() {
        AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
        ByteRegisters regs = new ByteRegisters(0x11, 0x22) {
            @Override
            public int validMaxSize() {
                return 2;
            }
        };
        io.map(0x604, 2, regs, "pm1-cnt");
        assertThat(io.read(0x604, 4)).isZero();
        io.write(0x604, 4, 0xffffffffL);
        assertThat(io.read(0x605, 2)).isZero();
        assertThat(regs.log).isEmpty();
    }

    @Test
    void unassignedMemoryReadsAreZeroAndWritesVanish() {
        AddressSpace mem = new AddressSpace(AddressSpace.Kind.MEMORY);
        mem.write(0xfe000000L, 4, 0x12345678);
        assertThat(mem.read(0xfe000000L, 8)).isZero();
    }

    @Test
    void aWideReadOfAByteRegionIsSplitLittleEndianLikeQemu() {
        AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
        ByteRegisters regs = new ByteRegisters(3);
        io.map(0x505, 1, new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                return regs.read(0, 1); // pvpanic answers every byte of the access with its events byte
            }

            @Override
            public void write(final long offset, final int size, final long value) {
            }

            @Override
            public int maxAccessSize() {
                return 1;
            }
        }, "pvpanic");
        assertThat(io.read(0x505, 2)).isEqualTo(0x0303L);
        assertThat(io.read(0x505, 4)).isEqualTo(0x03030303L);
    }

    @Test
    void aWideWriteToAByteRegionIsSplitIntoBytes() {
        AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
        ByteRegisters regs = new ByteRegisters(0, 0);
        io.map(0x600, 2, regs, "regs");
        io.write(0x600, 2, 0x2211);
        assertThat(regs.log).containsExactly("w0/1=17", "w1/1=34");
    }

    @Test
    void theLatestMappingWinsWhereTwoOverlap() {
        AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
        io.map(0xcf8, 4, new ByteRegisters(1, 1, 1, 1), "wide");
        io.map(0xcf9, 1, new ByteRegisters(9), "rcr");
        assertThat(io.read(0xcf9, 1)).isEqualTo(9L);
        assertThat(io.read(0xcf8, 1)).isEqualTo(1L);
    }

    @Test
    void unmappingMakesTheRangeUnassignedAgain() {
        AddressSpace mem = new AddressSpace(AddressSpace.Kind.MEMORY);
        AddressSpace.Mapping m = mem.map(0x1000, 1, new ByteRegisters(7), "r");
        assertThat(mem.read(0x1000, 1)).isEqualTo(7L);
        m.unmap();
        assertThat(mem.read(0x1000, 1)).isZero();
        assertThat(mem.mappings()).isEmpty();
    }
}
