package org.runstate.machine;

/**
 * The guest's view of I/O as the qtest socket drives it: port I/O, memory and vCPU 0's MSRs.
 * Accesses run on the control thread acting as vCPU 0.
 */
interface GuestIo {
    /**
     * A port read.
     *
     * @param port the port
     * @param size 1, 2 or 4 bytes
     * @return the value
     */
    long portRead(long port, int size);

    /**
     * A port write.
     *
     * @param port the port
     * @param size 1, 2 or 4 bytes
     * @param value the value
     */
    void portWrite(long port, int size, long value);

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
    Long rdmsr(long msr);

    /**
     * {@code wrmsr} on vCPU 0.
     *
     * @param msr the MSR index
     * @param value the value
     * @return false when the access faults (#GP)
     */
    boolean wrmsr(long msr, long value);

    /**
     * A machine with nothing on its buses, read as QEMU reads unassigned space: all ones from
     * ports, zero from memory; writes are dropped; every MSR faults.
     */
    GuestIo UNASSIGNED = new GuestIo() {
        @Override
        public long portRead(final long port, final int size) {
            return size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
        }

        @Override
        public void portWrite(final long port, final int size, final long value) {
        }

        @Override
        public long memRead(final long addr, final int size) {
            return 0;
        }

        @Override
        public void memWrite(final long addr, final int size, final long value) {
        }

        @Override
        public Long rdmsr(final long msr) {
            return null;
        }

        @Override
        public boolean wrmsr(final long msr, final long value) {
            return false;
        }
    };
}
