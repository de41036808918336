package org.runstate.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sparse guest RAM: pages on first non-zero write, little-endian values, windows at RAM offsets. */
class GuestRamTest {
    private final GuestRam ram = new GuestRam(128L << 20);

    @Test
    void untouchedRamReadsZeroAndCostsNoPages() {
        byte[] b = new byte[8192];
        ram.readBytes(0x7ff_f000L, b, 0, b.length - 4096);
        assertThat(b).containsOnly(0);
        assertThat(ram.allocatedPages()).isZero();
    }

    @Test
    void writingZerosToUntouchedPagesAllocatesNothing() {
        ram.writeBytes(0x1000, new byte[4096], 0, 4096);
        ram.fill(0, 1 << 20, (byte) 0);
        assertThat(ram.allocatedPages()).isZero();
    }

    @Test
    void bytesWrittenAcrossAPageBoundaryReadBack() {
        byte[] data = {1, 2, 3, 4, 5, 6};
        ram.writeBytes(0x1ffd, data, 0, data.length);
        byte[] back = new byte[6];
        ram.readBytes(0x1ffd, back, 0, 6);
        assertThat(back).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(ram.allocatedPages()).isEqualTo(2);
    }

    @Test
    void valuesAreLittleEndianAtAnyAlignment() {
        ram.store(0x3003, 8, 0x1122334455667788L);
        assertThat(ram.load(0x3003, 1)).isEqualTo(0x88L);
        assertThat(ram.load(0x3004, 2)).isEqualTo(0x6677L);
        assertThat(ram.load(0x3003, 8)).isEqualTo(0x1122334455667788L);
    }

    @Test
    void fillSetsEveryByteOfTheRange() {
        ram.fill(0x4ffe, 5, (byte) 0xa5);
        assertThat(ram.load(0x4ffd, 4)).isEqualTo(0xa5a5a500L);
        assertThat(ram.load(0x5001, 3)).isEqualTo(0x00a5a5L);
    }

    @Test
    void bytesBeyondTheEndAreDroppedAndReadZero() {
        GuestRam small = new GuestRam(0x1000);
        small.store(0xffe, 4, 0x44332211L);
        assertThat(small.load(0xffe, 4)).isEqualTo(0x2211L);
    }

    @Test
    void aWindowShowsTheRamFromItsOffset() {
        ram.store(0x100000, 4, 0xcafef00dL);
        DirectRegion above = ram.window(0x100000);
        assertThat(above.read(0, 4)).isEqualTo(0xcafef00dL);
        above.write(4, 2, 0xbeef);
        assertThat(ram.load(0x100004, 2)).isEqualTo(0xbeefL);
    }
}
