package org.runstate.device;

/**
 * A device's registers in port I/O or memory space ({@code MemoryRegionOps}). Offsets are relative
 * to where the region is mapped. Values are little-endian, as on x86. As in QEMU's memory core, an
 * access is first checked against the {@code valid} rules (size range, alignment; an invalid read
 * returns 0 and an invalid write is dropped), then adjusted to the {@code impl} sizes: wider
 * accesses are split into successive calls, narrower ones widened.
 *
 * <p>Calls come from vCPU threads and from the control thread (qtest); implementations guard their
 * own state.
 */
public interface IoRegion {
    /**
     * Reads a register.
     *
     * @param offset from the start of the region
     * @param size the access width in bytes, between the min and max access sizes
     * @return the value (only the low {@code size} bytes count)
     */
    long read(long offset, int size);

    /**
     * Writes a register.
     *
     * @param offset from the start of the region
     * @param size the access width in bytes
     * @param value the value (low {@code size} bytes)
     */
    void write(long offset, int size, long value);

    /**
     * The narrowest access the device implements ({@code impl.min_access_size}).
     *
     * @return 1 unless overridden
     */
    default int minAccessSize() {
        return 1;
    }

    /**
     * The widest access the device implements ({@code impl.max_access_size}).
     *
     * @return 4 unless overridden
     */
    default int maxAccessSize() {
        return 4;
    }

    /**
     * The narrowest valid access ({@code valid.min_access_size}).
     *
     * @return 1 unless overridden
     */
    default int validMinSize() {
        return 1;
    }

    /**
     * The widest valid access ({@code valid.max_access_size}).
     *
     * @return 8 unless overridden (QEMU's "no limit" for most regions)
     */
    default int validMaxSize() {
        return 8;
    }

    /**
     * Whether accesses not aligned to their size are valid ({@code valid.unaligned}); QEMU's default
     * is no, so {@code inl} at offset 1 of a region reads 0.
     *
     * @return false unless overridden
     */
    default boolean unalignedValid() {
        return false;
    }
}
