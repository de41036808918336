package org.runstate.core.device;

/**
 * A device's registers in port I/O or memory space ({@code MemoryRegionOps}). Offsets are relative
 * to where the region is mapped. Values are little-endian, as on x86. Accesses wider than
 * {@link #maxAccessSize()} are split into several, narrower ones narrower than
 * {@link #minAccessSize()} widened, the way QEMU's memory core does it.
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
}
