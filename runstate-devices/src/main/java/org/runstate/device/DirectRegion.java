package org.runstate.device;

/**
 * A region backed by plain memory, such as guest RAM: QEMU's {@code memory_access_is_direct}. A
 * multi-byte transfer ({@link AddressSpace#readBytes}, {@link AddressSpace#writeBytes},
 * {@link AddressSpace#fill}) copies bytes straight in or out, as {@code address_space_read/write}
 * do with {@code memcpy}, instead of cutting the transfer into register accesses. Single accesses
 * ({@link #read}, {@link #write}) still work, little-endian, at any size and alignment.
 */
public interface DirectRegion extends IoRegion {
    /**
     * Copies bytes out of the region.
     *
     * @param offset from the start of the region
     * @param dst the destination
     * @param dstOffset where in {@code dst} to start
     * @param length how many bytes
     */
    void readBytes(long offset, byte[] dst, int dstOffset, int length);

    /**
     * Copies bytes into the region.
     *
     * @param offset from the start of the region
     * @param src the source
     * @param srcOffset where in {@code src} to start
     * @param length how many bytes
     */
    void writeBytes(long offset, byte[] src, int srcOffset, int length);

    /**
     * Sets {@code length} bytes to {@code value}.
     *
     * @param offset from the start of the region
     * @param length how many bytes
     * @param value the byte
     */
    void fill(long offset, long length, byte value);

    @Override
    default int maxAccessSize() {
        return 8;
    }

    @Override
    default boolean unalignedValid() {
        return true;
    }
}
