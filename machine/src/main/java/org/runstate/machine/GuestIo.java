package org.runstate.machine;

import java.util.Arrays;
import org.runstate.device.DeviceTree;

/**
 * The guest's view of I/O as the qtest socket drives it: port I/O, memory and vCPU 0's MSRs,
 * byte transfers ({@code address_space_read/write}), the target's byte order and the devices
 * whose interrupt lines qtest can intercept. Accesses run on the control thread acting as vCPU 0.
 * The defaults are QEMU's empty space: aligned port reads all ones (misaligned 0), memory reads
 * 0, writes dropped, every MSR faulting, little-endian, no devices.
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
     * {@code address_space_read} of {@code dst.length} bytes (qtest {@code read}, {@code b64read}).
     *
     * @param addr the first guest physical address
     * @param dst where the bytes go
     */
    default void readBytes(final long addr, final byte[] dst) {
        Arrays.fill(dst, (byte) 0);
    }

    /**
     * {@code address_space_write} of {@code src} (qtest {@code write}, {@code b64write}).
     *
     * @param addr the first guest physical address
     * @param src the bytes
     */
    default void writeBytes(final long addr, final byte[] src) {
    }

    /**
     * {@code address_space_write} of {@code length} bytes of {@code value} (qtest {@code memset}).
     *
     * @param addr the first guest physical address
     * @param length how many bytes (unsigned)
     * @param value the byte
     */
    default void fill(final long addr, final long length, final byte value) {
    }

    /**
     * Whether the target is big-endian (qtest {@code endianness}: {@code TARGET_BIG_ENDIAN}).
     *
     * @return false unless overridden
     */
    default boolean bigEndian() {
        return false;
    }

    /**
     * qtest's interrupt state for this machine ({@code irq_intercept_in/out}, {@code set_irq_in}
     * and the asynchronous {@code IRQ} lines). Every qtest protocol of the machine must get the same
     * object, so an implementation with devices keeps one.
     *
     * @return the state; without devices (the default) a new one, in which no path resolves
     */
    default QtestIrqs irqs() {
        return new QtestIrqs(DeviceTree.EMPTY);
    }

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
