package org.runstate.s390;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Guest RAM ({@code -m}) seen through absolute addresses, big-endian like the s390 guest and like
 * QEMU's qtest {@code read*}/{@code write*} on a big-endian target. Zero at power-on and never
 * cleared by a reset (QEMU's resets keep RAM; the DIAG 308 transcripts' boot counter survived).
 *
 * <p>Pages are allocated on first write, so a 128 MiB guest that touches a few SCCBs costs a few
 * pages. Bytes outside RAM read as zero and writes to them are dropped, as for QEMU's unassigned
 * memory. There is no locking beyond page allocation, as for real RAM shared by several CPUs.
 */
public final class GuestMemory {
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private final long size;
    private final AtomicReferenceArray<byte[]> pages;

    /**
     * Creates zeroed RAM.
     *
     * @param size the RAM size in bytes
     */
    public GuestMemory(final long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("RAM size must be positive, got " + size);
        }
        long pageCount = (size + PAGE_MASK) >>> PAGE_SHIFT;
        if (pageCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("RAM size too large: " + size);
        }
        this.size = size;
        this.pages = new AtomicReferenceArray<>((int) pageCount);
    }

    /**
     * The RAM size.
     *
     * @return bytes
     */
    public long size() {
        return size;
    }

    /**
     * Whether {@code addr} is backed by RAM (QEMU: not {@code cpu_physical_memory_is_io}).
     *
     * @param addr an absolute address
     * @return true inside RAM
     */
    public boolean isRam(final long addr) {
        return addr >= 0 && addr < size;
    }

    /**
     * Reads a big-endian value.
     *
     * @param addr the absolute address
     * @param width 1, 2, 4 or 8 bytes
     * @return the value, zero-extended
     */
    public long read(final long addr, final int width) {
        checkWidth(width);
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (readByte(addr + i) & 0xffL);
        }
        return v;
    }

    /**
     * Writes a big-endian value (its low {@code width} bytes).
     *
     * @param addr the absolute address
     * @param width 1, 2, 4 or 8 bytes
     * @param value the value
     */
    public void write(final long addr, final int width, final long value) {
        checkWidth(width);
        for (int i = 0; i < width; i++) {
            writeByte(addr + i, (byte) (value >>> (8 * (width - 1 - i))));
        }
    }

    /**
     * Copies {@code length} bytes out of guest memory ({@code cpu_physical_memory_read}).
     *
     * @param addr the absolute address
     * @param dst the destination
     * @param length how many bytes, at most {@code dst.length}
     */
    public void readBytes(final long addr, final byte[] dst, final int length) {
        for (int i = 0; i < length; i++) {
            dst[i] = readByte(addr + i);
        }
    }

    /**
     * Copies {@code length} bytes into guest memory ({@code cpu_physical_memory_write}).
     *
     * @param addr the absolute address
     * @param src the source
     * @param length how many bytes, at most {@code src.length}
     */
    public void writeBytes(final long addr, final byte[] src, final int length) {
        for (int i = 0; i < length; i++) {
            writeByte(addr + i, src[i]);
        }
    }

    private byte readByte(final long addr) {
        if (!isRam(addr)) {
            return 0;
        }
        byte[] page = pages.get((int) (addr >>> PAGE_SHIFT));
        return page == null ? 0 : page[(int) (addr & PAGE_MASK)];
    }

    private void writeByte(final long addr, final byte b) {
        if (!isRam(addr)) {
            return;
        }
        int index = (int) (addr >>> PAGE_SHIFT);
        byte[] page = pages.get(index);
        if (page == null) {
            if (b == 0) {
                return; // an untouched page already reads as zero
            }
            pages.compareAndSet(index, null, new byte[PAGE_SIZE]);
            page = pages.get(index);
        }
        page[(int) (addr & PAGE_MASK)] = b;
    }

    private static void checkWidth(final int width) {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("access width must be 1, 2, 4 or 8, got " + width);
        }
    }
}
