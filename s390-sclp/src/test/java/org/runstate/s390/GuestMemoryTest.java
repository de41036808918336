package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Guest RAM as qtest sees it on a big-endian target. */
class GuestMemoryTest {
    private final GuestMemory ram = new GuestMemory(128L << 20);

    @Test
    void writesAreBigEndian() {
        ram.write(0x21000, 8, 0x001c000000000000L);
        assertThat(ram.read(0x21000, 1)).isZero();
        assertThat(ram.read(0x21001, 1)).isEqualTo(0x1c);
    }

    @Test
    void narrowReadsTakeTheBytesAtTheirAddress() {
        ram.write(0x21000, 8, 0x001c000000000020L);
        assertThat(ram.read(0x21006, 2)).isEqualTo(0x20);
        assertThat(ram.read(0x21004, 4)).isEqualTo(0x20);
    }

    @Test
    void ramStartsZeroed() {
        assertThat(ram.read(0x7fff_fff8L & (ram.size() - 8), 8)).isZero();
    }

    @Test
    void anAccessCrossingAPageBoundaryWorks() {
        ram.write(0xfffe, 4, 0x11223344);
        assertThat(ram.read(0xfffe, 4)).isEqualTo(0x11223344);
        assertThat(ram.read(0x10000, 2)).isEqualTo(0x3344);
    }

    @Test
    void outsideRamReadsZeroAndWritesAreDropped() {
        ram.write(ram.size() - 2, 4, 0xaabbccddL);
        assertThat(ram.read(ram.size() - 2, 4)).isEqualTo(0xaabb0000L);
        assertThat(ram.read(-8, 8)).isZero();
    }

    @Test
    void onlyTheFourQtestWidthsAreAccepted() {
        assertThatThrownBy(() -> ram.read(0, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMachineExposesTheSameRamForQtestReadsAndWrites() {
        S390Machine s390 = new S390Machine(1, S390Machine.DEFAULT_RAM_BYTES);
        s390.memWrite(0x3000, 4, 2);
        assertThat(s390.memRead(0x3000, 4)).isEqualTo(2);
        assertThat(s390.memory().read(0x3000, 4)).isEqualTo(2);
    }
}
