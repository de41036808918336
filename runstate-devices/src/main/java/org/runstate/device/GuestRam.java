package org.runstate.device;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guest RAM ({@code -m}), stored sparsely: a 4 KiB page is allocated the first time a non-zero
 * byte is written to it and reads as zeros until then, so a 128 MiB guest that touches a few
 * pages costs a few pages. Offsets are RAM offsets ({@code ram_addr_t}); a platform maps windows
 * of it into its memory space with {@link #window}, as QEMU's {@code ram-below-4g} and
 * {@code ram-above-4g} aliases do. Values are little-endian. Resets keep the contents (QEMU does
 * not clear RAM on reset).
 *
 * <p>Thread-safe as far as real RAM is: page allocation is atomic; concurrent writers of the same
 * bytes race as they would in a guest.
 */
public final class GuestRam {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private final long size;
    private final ConcurrentHashMap<Long, byte[]> pages = new ConcurrentHashMap<>();

    /**
     * Creates zeroed RAM.
     *
     * @param size the size in bytes, 0 or more
     */
    public GuestRam(final long size) {
        if (size < 0) {
            throw new IllegalArgumentException("RAM size must not be negative: " + size);
        }
        this.size = size;
    }

    /**
     * The size.
     *
     * @return bytes
     */
    public long size() {
        return size;
    }

    /**
     * How many 4 KiB pages hold data (for tests and diagnostics).
     *
     * @return the number of allocated pages
     */
    public int allocatedPages() {
        return pages.size();
    }

    /**
     * A region that shows this RAM from {@code ramOffset} on; map it with the window's length.
     *
     * @param ramOffset the RAM offset at the region's start
     * @return the region
     */
    public DirectRegion window(final long ramOffset) {
        return new Window(ramOffset);
    }

    /**
     * Copies bytes out; bytes beyond the RAM read as zero.
     *
     * @param offset the RAM offset
     * @param dst the destination
     * @param dstOffset where in {@code dst}
     * @param length how many bytes
     */
    public void readBytes(final long offset, final byte[] dst, final int dstOffset, final int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        long at = offset;
        int done = 0;
        while (done < length) {
            int n = (int) Math.min(length - done, PAGE_SIZE - (at & PAGE_MASK));
            byte[] page = inRam(at) ? pages.get(at >>> PAGE_SHIFT) : null;
            if (page == null) {
                java.util.Arrays.fill(dst, dstOffset + done, dstOffset + done + n, (byte) 0);
            } else {
                System.arraycopy(page, (int) (at & PAGE_MASK), dst, dstOffset + done, n);
            }
            at += n;
            done += n;
        }
    }

    /**
     * Copies bytes in; bytes beyond the RAM are dropped.
     *
     * @param offset the RAM offset
     * @param src the source
     * @param srcOffset where in {@code src}
     * @param length how many bytes
     */
    public void writeBytes(final long offset, final byte[] src, final int srcOffset, final int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        long at = offset;
        int done = 0;
        while (done < length) {
            int n = (int) Math.min(length - done, PAGE_SIZE - (at & PAGE_MASK));
            if (inRam(at)) {
                byte[] page = pages.get(at >>> PAGE_SHIFT);
                if (page == null && !allZero(src, srcOffset + done, n)) {
                    page = pages.computeIfAbsent(at >>> PAGE_SHIFT, k -> new byte[PAGE_SIZE]);
                }
                if (page != null) {
                    System.arraycopy(src, srcOffset + done, page, (int) (at & PAGE_MASK), n);
                }
            }
            at += n;
            done += n;
        }
    }

    /**
     * Sets bytes to {@code value}; zeros on untouched pages allocate nothing.
     *
     * @param offset the RAM offset
     * @param length how many bytes
     * @param value the byte
     */
    public void fill(final long offset, final long length, final byte value) {
        long at = offset;
        long left = length;
        while (left > 0 && inRam(at)) {
            int n = (int) Math.min(left, PAGE_SIZE - (at & PAGE_MASK));
            byte[] page = pages.get(at >>> PAGE_SHIFT);
            if (page == null && value != 0) {
                page = pages.computeIfAbsent(at >>> PAGE_SHIFT, k -> new byte[PAGE_SIZE]);
            }
            if (page != null) {
                int from = (int) (at & PAGE_MASK);
                java.util.Arrays.fill(page, from, from + n, value);
            }
            at += n;
            left -= n;
        }
    }

    /**
     * A little-endian load of any size and alignment.
     *
     * @param offset the RAM offset
     * @param width 1 to 8 bytes
     * @return the value, zero-extended
     */
    public long load(final long offset, final int width) {
        byte[] b = new byte[width];
        readBytes(offset, b, 0, width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | b[i] & 0xff;
        }
        return v;
    }

    /**
     * A little-endian store of any size and alignment.
     *
     * @param offset the RAM offset
     * @param width 1 to 8 bytes
     * @param value the value (its low {@code width} bytes)
     */
    public void store(final long offset, final int width, final long value) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        writeBytes(offset, b, 0, width);
    }

    private boolean inRam(final long offset) {
        return offset >= 0 && offset < size;
    }

    private static boolean allZero(final byte[] b, final int from, final int length) {
        for (int i = from; i < from + length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A view of the RAM starting at a RAM offset. */
    private final class Window implements DirectRegion {
        private final long base;

        Window(final long base) {
            this.base = base;
        }

        @Override
        public long read(final long offset, final int width) {
            return load(base + offset, width);
        }

        @Override
        public void write(final long offset, final int width, final long value) {
            store(base + offset, width, value);
        }

        @Override
        public void readBytes(final long offset, final byte[] dst, final int dstOffset, final int length) {
            GuestRam.this.readBytes(base + offset, dst, dstOffset, length);
        }

        @Override
        public void writeBytes(final long offset, final byte[] src, final int srcOffset, final int length) {
            GuestRam.this.writeBytes(base + offset, src, srcOffset, length);
        }

        @Override
        public void fill(final long offset, final long length, final byte value) {
            GuestRam.this.fill(base + offset, length, value);
        }
    }
}
