package org.runstate.machine;

import org.runstate.s390.S390Machine;

/** qtest accesses on {@code s390-ccw-virtio}: big-endian guest RAM; s390 has no port I/O and no MSRs. */
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
}
