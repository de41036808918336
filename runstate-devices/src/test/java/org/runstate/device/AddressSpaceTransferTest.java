package org.runstate.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte transfers as {@code address_space_read/write} make them (qtest's read, write, memset).
 * The expected bytes around the 2-byte pvpanic-pci-like region are QEMU 7.2.22's answers to
 * qtest {@code read} with the BAR at 0xe0000000.
 */
class AddressSpaceTransferTest {
    private static final long BAR = 0xe000_0000L;

    private final AddressSpace mem = new AddressSpace(AddressSpace.Kind.MEMORY);

    /** pvpanic's register: implemented in bytes, no valid limits, every byte reads 3, any offset. */
    static final class EventsRegister implements IoRegion {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(final long offset, final int size) {
            log.add("r" + offset + "/" + size);
            return 3;
        }

        @Override
        public void write(final long offset, final int size, final long value) {
            log.add("w" + offset + "/" + size + "=" + value);
        }

        @Override
        public int maxAccessSize() {
            return 1;
        }
    }

    private EventsRegister pvpanicAtBar() {
        EventsRegister r = new EventsRegister();
        mem.map(BAR, 2, r, "pvpanic");
        return r;
    }

    private String read(final long addr, final int len) {
        byte[] b = new byte[len];
        mem.readBytes(addr, b, 0, len);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void aDeviceGetsOneAccessAsWideAsItsValidMaximumEvenPastItsEnd() {
        EventsRegister r = pvpanicAtBar();
        assertThat(read(BAR, 8)).isEqualTo("0303030300000000");
        assertThat(r.log).containsExactly("r0/1", "r1/1", "r2/1", "r3/1");
    }

    @Test
    void theAlignmentOfTheOffsetBoundsEachAccess() {
        EventsRegister r = pvpanicAtBar();
        assertThat(read(BAR + 1, 4)).isEqualTo("03000000");
        assertThat(r.log).containsExactly("r1/1");
    }

    @Test
    void unassignedSpaceBeforeADeviceGoesInAlignedAccessesUpToIt() {
        pvpanicAtBar();
        assertThat(read(BAR - 1, 4)).isEqualTo("00030300");
        assertThat(read(BAR - 2, 8)).isEqualTo("0000030303030000");
        assertThat(read(BAR - 4, 8)).isEqualTo("0000000003030303");
    }

    @Test
    void anUnassignedAccessCanOverlapTheStartOfADevice() {
        EventsRegister r = new EventsRegister();
        mem.map(0x1002, 2, r, "late");
        assertThat(read(0x1000, 4)).as("one 4-byte unassigned access covers 0x1000-0x1003").isEqualTo("00000000");
        assertThat(r.log).isEmpty();
    }

    @Test
    void writesAreCutTheSameWay() {
        EventsRegister r = pvpanicAtBar();
        mem.writeBytes(BAR - 1, new byte[] {1, 2, 3, 4}, 0, 4);
        assertThat(r.log).containsExactly("w0/1=2", "w1/1=3");
    }

    @Test
    void ramIsCopiedWholeUpToTheEndOfItsSection() {
        GuestRam ram = new GuestRam(0x10000);
        mem.map(0, 0x10000, ram.window(0), "ram", 1);
        byte[] data = HexFormat.of().parseHex("00112233445566778899");
        mem.writeBytes(0xfffb, data, 0, data.length);
        assertThat(read(0xfffb, 10)).isEqualTo("0011223344" + "0000000000");
        assertThat(mem.read(0xfffc, 4)).isEqualTo(0x44332211L);
    }

    @Test
    void ramHidesALowerPriorityMappingAndAHigherOneSplitsIt() {
        GuestRam ram = new GuestRam(0x10000);
        EventsRegister hidden = new EventsRegister();
        mem.map(0x2000, 2, hidden, "bar-under-ram");
        mem.map(0, 0x10000, ram.window(0), "ram", 1);
        EventsRegister above = new EventsRegister();
        mem.map(0x3000, 2, above, "over-ram", 2);
        ram.store(0x2ffe, 4, 0x44332211L);
        assertThat(read(0x1ffe, 4)).isEqualTo("00000000");
        assertThat(read(0x2ffe, 6)).as("RAM up to 0x3000, then one 4-byte device access").isEqualTo("1122" + "03030303");
        assertThat(hidden.log).isEmpty();
        assertThat(above.log).containsExactly("r0/1", "r1/1", "r2/1", "r3/1");
    }

    @Test
    void fillReachesADeviceBeyondALongUnassignedStretch() {
        EventsRegister r = pvpanicAtBar();
        mem.fill(0, BAR + 2, (byte) 0x5a);
        assertThat(r.log).containsExactly("w0/1=90", "w1/1=90");
    }

    @Test
    void fillWritesRamWithoutABuffer() {
        GuestRam ram = new GuestRam(1L << 30);
        mem.map(0, 1L << 30, ram.window(0), "ram", 1);
        mem.fill(0x1001, 3, (byte) 0x34);
        assertThat(mem.read(0x1000, 8)).isEqualTo(0x34343400L);
        mem.fill(0, 1L << 30, (byte) 0);
        assertThat(mem.read(0x1000, 8)).isZero();
    }
}
