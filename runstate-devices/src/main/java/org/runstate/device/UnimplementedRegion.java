package org.runstate.device;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU's "unimplemented device" pattern: a register block that exists (so it can be sized and
 * mapped) but whose function is not emulated. Reads return 0, writes are dropped, and each access
 * is logged at debug level, like QEMU's {@code LOG_UNIMP}.
 */
public final class UnimplementedRegion implements IoRegion {
    private static final Logger LOG = LoggerFactory.getLogger(UnimplementedRegion.class);

    private final String name;

    /**
     * Creates the region.
     *
     * @param name what is not emulated, for the log
     */
    public UnimplementedRegion(final String name) {
        this.name = name;
    }

    @Override
    public long read(final long offset, final int size) {
        LOG.debug("{}: unimplemented read of {} bytes at 0x{}", name, size, Long.toHexString(offset));
        return 0;
    }

    @Override
    public void write(final long offset, final int size, final long value) {
        LOG.debug("{}: unimplemented write of {} bytes at 0x{}: 0x{}", name, size, Long.toHexString(offset),
                Long.toHexString(value));
    }
}
