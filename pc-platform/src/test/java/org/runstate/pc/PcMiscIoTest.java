package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.vcpu.Vcpu;

/** Unassigned port and memory accesses, the GPE0 block and inject-nmi (facts §3, §7, §9). */
class PcMiscIoTest {

    @Test
    void unassignedPortReadsAreAllOnesWhenNaturallyAlignedAndZeroWhenMisaligned() {
        try (PcRig pc = PcRig.start()) {
            assertThat(pc.inb(0x505)).isEqualTo(0xffL);
            assertThat(pc.inw(0x505)).isZero();
            assertThat(pc.inl(0x505)).isZero();
            assertThat(pc.inw(0x5fe)).isEqualTo(0xffffL);
            assertThat(pc.inl(0x5fe)).isZero();
            for (int port : new int[] {0x600, 0x700, 0x1234}) {
                assertThat(pc.inb(port)).as("inb 0x%x", port).isEqualTo(0xffL);
                assertThat(pc.inw(port)).as("inw 0x%x", port).isEqualTo(0xffffL);
                assertThat(pc.inl(port)).as("inl 0x%x", port).isEqualTo(0xffffffffL);
            }
        }
    }

    @Test
    void unassignedPortWritesAreIgnored() {
        try (PcRig pc = PcRig.start()) {
            pc.outl(0x1234, 0);
            assertThat(pc.inl(0x1234)).isEqualTo(0xffffffffL);
            assertThat(pc.events()).isEmpty();
        }
    }

    @Test
    void unassignedMemoryReadsZeroAtEveryWidth() {
        try (PcRig pc = PcRig.start()) {
            long[] v = pc.qmp(() -> {
                long[] out = new long[5];
                pc.machine.runAsVcpu(0, () -> {
                    out[0] = pc.platform.memory().read(0xfe000000L, 1);
                    out[1] = pc.platform.memory().read(0xfe000000L, 2);
                    out[2] = pc.platform.memory().read(0xfe000000L, 4);
                    out[3] = pc.platform.memory().read(0xfe000000L, 8);
                    out[4] = pc.platform.memory().read(0xd0000000L, 4);
                });
                return out;
            });
            assertThat(v).containsOnly(0L);
        }
    }

    @Test
    void gpe0EnableBytesAreStoredAndReadAsOneDword() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0xafe2, 0xff);
            pc.outb(0xafe3, 0x5a);
            assertThat(pc.inl(0xafe0)).isEqualTo(0x5aff0000L);
            assertThat(pc.inw(0xafe2)).isEqualTo(0x5affL);
        }
    }

    @Test
    void gpe0MisalignedWordReadIsZero() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0xafe2, 0xff);
            pc.outb(0xafe3, 0x5a);
            assertThat(pc.inw(0xafe1)).isZero();
        }
    }

    @Test
    void gpe0StatusBytesAreWriteOneToClearSoWritingOnesSetsNothing() {
        try (PcRig pc = PcRig.start()) {
            pc.outw(0xafe0, 0xffff);
            pc.outl(0xafe0, 0x0000ffffL);
            assertThat(pc.inl(0xafe0)).isZero();
        }
    }

    @Test
    void gpe0DwordWriteStoresBothEnableBytes() {
        try (PcRig pc = PcRig.start()) {
            pc.outl(0xafe0, 0x12340000L);
            assertThat(pc.inl(0xafe0)).isEqualTo(0x12340000L);
        }
    }

    @Test
    void gpe0IsClearedBySystemReset() {
        try (PcRig pc = PcRig.start()) {
            pc.outw(0xafe2, 0xffff);
            pc.systemReset();
            assertThat(pc.inl(0xafe0)).isZero();
        }
    }

    @Test
    void injectNmiReachesEveryVcpu() {
        try (PcRig pc = PcRig.start(b -> b.vcpus(3))) {
            pc.qmp(() -> pc.machine.commands().injectNmi());
            assertThat(pc.machine.vcpus().vcpus()).extracting(Vcpu::nmiCount).containsExactly(1L, 1L, 1L);
            assertThat(pc.events()).isEmpty();
        }
    }

    @Test
    void injectNmiWorksWhileSuspended() {
        try (PcRig pc = PcRig.start(b -> b.vcpus(2))) {
            pc.enablePmAt(0x600);
            pc.outw(0x604, 0x2400);
            pc.qmp(() -> pc.machine.commands().injectNmi());
            assertThat(pc.machine.vcpus().vcpus()).extracting(Vcpu::nmiCount).containsExactly(1L, 1L);
        }
    }
}
