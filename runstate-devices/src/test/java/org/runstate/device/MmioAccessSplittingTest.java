package org.runstate.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.runstate.device.AddressSpaceTest.ByteRegisters;

/**
 * Memory accesses as TCG makes them (recorded from QEMU 7.2: mmio-unaligned-reads,
 * mmio-unaligned-writes, wdt-quad-write-unlock): unaligned ones split first, and on a page shared
 * with other regions or unassigned space (QEMU's subpage) cut into chunks that must all be valid.
 */
class MmioAccessSplittingTest {
    private final AddressSpace mem = new AddressSpace(AddressSpace.Kind.MEMORY);

    private ByteRegisters eightBytesAt(final long base) {
        ByteRegisters regs = new ByteRegisters(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
        mem.map(base, 8, regs, "regs");
        return regs;
    }

    @Test
    void anUnalignedLoadIsTheTwoAlignedLoadsAroundItCombined() {
        ByteRegisters regs = eightBytesAt(0x1000);
        assertThat(mem.read(0x1001, 2)).isEqualTo(0x3322L);
        assertThat(regs.log).containsExactly("r0/1", "r1/1", "r2/1", "r3/1");
    }

    @Test
    void anUnalignedLoadAcrossTheRegionEndTakesZeroFromUnassignedSpace() {
        eightBytesAt(0x1000);
        assertThat(mem.read(0x1007, 2)).isEqualTo(0x0088L);
        assertThat(mem.read(0x0fff, 4)).isEqualTo(0x33221100L);
    }

    @Test
    void anUnalignedStoreIsByteStoresInAscendingOrder() {
        ByteRegisters regs = eightBytesAt(0x1000);
        mem.write(0x1003, 4, 0xa4a3a2a1L);
        assertThat(regs.log).containsExactly("w3/1=161", "w4/1=162", "w5/1=163", "w6/1=164");
    }

    @Test
    void aQuadLoadOnASharedPageIsTwoDwordChunks() {
        ByteRegisters regs = new ByteRegisters(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88) {
            @Override
            public int maxAccessSize() {
                return 4;
            }

            @Override
            public long read(final long offset, final int size) {
                log.add("r" + offset + "/" + size);
                long v = 0;
                for (int i = size - 1; i >= 0; i--) {
                    v = v << 8 | bytes[(int) offset + i] & 0xff;
                }
                return v;
            }
        };
        mem.map(0x1000, 8, regs, "regs");
        assertThat(mem.read(0x1000, 8)).isEqualTo(0x8877665544332211L);
        assertThat(regs.log).containsExactly("r0/4", "r4/4");
    }

    /** pvpanic-pci's 2-byte BAR: readq gives 0 in QEMU, its second dword is unassigned. */
    @Test
    void aQuadAccessReachingUnassignedSpaceIsInvalidAsAWhole() {
        ByteRegisters regs = new ByteRegisters(3, 3, 3, 3); // pvpanic answers beyond its 2 bytes too
        mem.map(0x1000, 2, regs, "pvpanic");
        assertThat(mem.read(0x1000, 8)).isZero();
        mem.write(0x1000, 8, 1);
        assertThat(regs.log).isEmpty();
        assertThat(mem.read(0x1000, 4)).as("a dword goes whole to the region at its start").isEqualTo(0x03030303L);
    }

    @Test
    void aRegionThatHasItsPageToItselfGetsTheQuadAccessWhole() {
        List<String> log = new ArrayList<>();
        mem.map(0x2000, 0x1000, new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                log.add("r" + offset + "/" + size);
                return -1;
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                log.add("w" + offset + "/" + size);
            }

            @Override
            public int maxAccessSize() {
                return 8;
            }
        }, "page");
        assertThat(mem.read(0x2008, 8)).isEqualTo(-1L);
        mem.write(0x2010, 8, 0);
        assertThat(log).containsExactly("r8/8", "w16/8");
        mem.map(0x2ff0, 0x10, new ByteRegisters(new int[16]), "later, on the same page");
        mem.read(0x2008, 8);
        assertThat(log).as("now a shared page: dword chunks").endsWith("r8/4", "r12/4");
    }
}
