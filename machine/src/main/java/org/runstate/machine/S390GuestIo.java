package org.runstate.machine;

import org.runstate.s390.GuestMemory;
import org.runstate.s390.S390Machine;

/**
 * qtest accesses on {@code s390-ccw-virtio}: big-endian guest RAM (the byte transfers copy bytes
 * as they are); s390 has no port I/O and no MSRs.
 */
final class S390GuestIo implements GuestIo {
    private final S390Machine s390;

    S390GuestIo(final S390Machine s390) {
        this.s390 = s390;
    }

    @Override
    public long memRead(final long addr, final int size) {
        return s390.memRead(addr, size);
    }

    @Override
    public void memWrite(final long addr, final int size, final long value) {
        s390.memWrite(addr, size, value);
    }

    @Override
    public void readBytes(final long addr, final byte[] dst) {
        s390.memory().readBytes(addr, dst, dst.length);
    }

    @Override
    public void writeBytes(final long addr, final byte[] src) {
        s390.memory().writeBytes(addr, src, src.length);
    }

    /** Byte by byte: s390 RAM has no MMIO to split for, and the length is bounded by the RAM. */
    @Override
    public void fill(final long addr, final long length, final byte value) {
        GuestMemory ram = s390.memory();
        long end = Long.compareUnsigned(length, ram.size()) < 0 ? length : ram.size();
        byte[] chunk = new byte[(int) Math.min(end, 1 << 16)];
        java.util.Arrays.fill(chunk, value);
        for (long done = 0; done < end; done += chunk.length) {
            ram.writeBytes(addr + done, chunk, (int) Math.min(chunk.length, end - done));
        }
    }

    @Override
    public boolean bigEndian() {
        return true;
    }
}
