package org.runstate.machine;

/**
 * The guest's view of I/O as the qtest socket drives it: port I/O, memory and vCPU 0's MSRs.
 * Accesses run on the control thread acting as vCPU 0. The defaults are QEMU's empty space:
 * aligned port reads all ones (misaligned 0), writes dropped, every MSR faulting.
 */
interface GuestIo {
    /**
     * A port read.
     *
     * @param port the port
     * @param size 1, 2 or 4 bytes
     * @return the value
     */
    default long portRead(final long port, final int size) {
        return (port & (size - 1)) == 0 ? (size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1) : 0;
    }

    /**
     * A port write.
     *
     * @param port the port
     * @param size 1, 2 or 4 bytes
     * @param value the value
     */
    default void portWrite(final long port, final int size, final long value) {
    }

    /**
     * A memory read.
     *
     * @param addr the guest physical address
     * @param size 1, 2, 4 or 8 bytes
     * @return the value
     */
    long memRead(long addr, int size);

    /**
     * A memory write.
     *
     * @param addr the guest physical address
     * @param size 1, 2, 4 or 8 bytes
     * @param value the value
     */
    void memWrite(long addr, int size, long value);

    /**
     * {@code rdmsr} on vCPU 0.
     *
     * @param msr the MSR index
     * @return the value, or null when the access faults (#GP)
     */
    default Long rdmsr(final long msr) {
        return null;
    }

    /**
     * {@code wrmsr} on vCPU 0.
     *
     * @param msr the MSR index
     * @param value the value
     * @return false when the access faults (#GP)
     */
    default boolean wrmsr(final long msr, final long value) {
        return false;
    }

    /**
     * A machine with nothing on its buses, read as QEMU reads unassigned space: all ones from
     * ports, zero from memory; writes are dropped; every MSR faults.
     */
    GuestIo UNASSIGNED = new GuestIo() {
        @Override
        public long memRead(final long addr, final int size) {
            return 0;
        }

        @Override
        public void memWrite(final long addr, final int size, final long value) {
        }
    };
}
