package org.runstate.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A guest address space (x86 port I/O or physical memory) that dispatches accesses to the
 * {@link IoRegion} mapped at the address. Lookups are lock-free: the mappings are an immutable
 * array in mapping order (the newest wins an overlap), replaced as a whole when a device maps, moves or unmaps a region (BAR
 * programming, PM base changes), which is rare.
 *
 * <p>Port I/O is QEMU's IN/OUT path: the region found at the start address takes the whole access.
 * Memory is TCG's path for MMIO, as recorded from QEMU 7.2 (scenarios {@code mmio-unaligned-*},
 * {@code wdt-quad-write-unlock}): an access not aligned to its size is split first, a load into
 * the two aligned loads of that size around it (combined little-endian), a store into single-byte
 * stores. An aligned access goes whole to a region that has its 4 KiB page to itself; on a page
 * shared with other regions or unassigned space (a small BAR: QEMU's subpage) it is cut into
 * chunks of at most the region's valid maximum (4 if it sets none), each to the region at its own
 * address, and if any chunk is invalid or unassigned the whole access is (read 0, write dropped).
 * Unassigned space behaves as in QEMU 7.2: a port read returns all ones when naturally aligned
 * and 0 otherwise (the unassigned-io region rejects unaligned accesses), a memory read returns 0,
 * writes are dropped.
 *
 * <p>Memory also takes multi-byte transfers as {@code address_space_read/write} make them
 * ({@link #readBytes}, {@link #writeBytes}, {@link #fill}; qtest's {@code read}, {@code write},
 * {@code memset}): a {@link DirectRegion} (RAM) takes its bytes in one copy; any other region gets
 * one access after another, each as wide as {@code memory_access_size} allows (the region's valid
 * maximum, 4 if it sets none, bounded by the alignment of the offset and by what is left) and
 * not cut at the region's end; unassigned space goes by the same rule in accesses of at most 4.
 *
 * <p>A mapping has a priority, as a subregion in QEMU has: the highest priority wins an overlap,
 * and among equals the newest. Guest RAM on the pc uses this to hide the PCI window, which QEMU
 * maps under system memory at priority -1.
 */
public final class AddressSpace {
    /** What kind of space this is, which decides what unassigned reads return. */
    public enum Kind {
        /** x86 port I/O: unassigned reads are all ones. */
        PORT_IO,
        /** Physical memory: unassigned reads are 0. */
        MEMORY
    }

    /** A region placed at an address; {@link #unmap()} removes it. */
    public final class Mapping {
        private final long base;
        private final long size;
        private final IoRegion region;
        private final String name;
        private final int priority;

        private Mapping(final long base, final long size, final IoRegion region, final String name,
                final int priority) {
            this.base = base;
            this.size = size;
            this.region = region;
            this.name = name;
            this.priority = priority;
        }

        /**
         * The first address.
         *
         * @return the base address
         */
        public long base() {
            return base;
        }

        /**
         * The length in bytes.
         *
         * @return the size
         */
        public long size() {
            return size;
        }

        /**
         * The region's name, for diagnostics.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /** Removes this mapping; accesses to its range become unassigned again. */
        public void unmap() {
            remove(this);
        }

        boolean contains(final long addr) {
            return addr - base >= 0 && addr - base < size;
        }

        @Override
        public String toString() {
            return name + "@0x" + Long.toHexString(base) + "+0x" + Long.toHexString(size);
        }
    }

    /** x86's TARGET_PAGE_SIZE: TCG maps MMIO page by page. */
    private static final long PAGE_SIZE = 4096;

    private final Kind kind;
    private final Object lock = new Object();
    private volatile Mapping[] mappings = new Mapping[0];

    /**
     * Creates an empty space.
     *
     * @param kind port I/O or memory
     */
    public AddressSpace(final Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Maps {@code region} at {@code base}. Overlaps are allowed; the mapping made last wins, as a
     * higher-priority subregion would in QEMU.
     *
     * @param base the first address
     * @param size the length in bytes (positive)
     * @param region the registers
     * @param name for diagnostics
     * @return the mapping
     */
    public Mapping map(final long base, final long size, final IoRegion region, final String name) {
        return map(base, size, region, name, 0);
    }

    /**
     * Maps {@code region} at {@code base} with a priority ({@code memory_region_add_subregion_overlap}):
     * where mappings overlap, the highest priority wins, and among equal priorities the newest.
     *
     * @param base the first address
     * @param size the length in bytes (positive)
     * @param region the registers
     * @param name for diagnostics
     * @param priority higher wins; {@link #map(long, long, IoRegion, String)} uses 0
     * @return the mapping
     */
    public Mapping map(final long base, final long size, final IoRegion region, final String name,
            final int priority) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        Mapping m = new Mapping(base, size, Objects.requireNonNull(region, "region"), name, priority);
        synchronized (lock) {
            // kept sorted by priority, then by age: the last mapping that contains an address wins
            Mapping[] old = mappings;
            int at = old.length;
            while (at > 0 && old[at - 1].priority > priority) {
                at--;
            }
            Mapping[] next = new Mapping[old.length + 1];
            System.arraycopy(old, 0, next, 0, at);
            next[at] = m;
            System.arraycopy(old, at, next, at + 1, old.length - at);
            mappings = next;
        }
        return m;
    }

    /**
     * Reads {@code size} bytes at {@code addr}.
     *
     * @param addr the address
     * @param size 1, 2, 4 or 8
     * @return the value, zero-extended
     */
    public long read(final long addr, final int size) {
        int misalignment = (int) (addr & (size - 1));
        if (kind == Kind.PORT_IO) {
            return dispatchRead(addr, size);
        }
        if (misalignment == 0) {
            return load(addr, size);
        }
        // TCG's load_helper: an unaligned MMIO load is the two aligned loads around it
        long first = addr - misalignment;
        int shift = 8 * misalignment;
        return ((load(first, size) >>> shift) | (load(first + size, size) << (8 * size - shift))) & mask(size);
    }

    /**
     * Writes {@code size} bytes at {@code addr}.
     *
     * @param addr the address
     * @param size 1, 2, 4 or 8
     * @param value the value (low {@code size} bytes)
     */
    public void write(final long addr, final int size, final long value) {
        if (kind == Kind.PORT_IO) {
            dispatchWrite(addr, size, value);
        } else if ((addr & (size - 1)) == 0) {
            store(addr, size, value);
        } else {
            for (int i = 0; i < size; i++) { // forwards, byte by byte, as TCG's store_helper_unaligned
                store(addr + i, 1, (value >>> (8 * i)) & 0xff);
            }
        }
    }

    /**
     * {@code address_space_read}: copies {@code length} bytes starting at {@code addr} into
     * {@code dst}. Unassigned bytes and invalid accesses read as 0. Memory spaces only.
     *
     * @param addr the first guest physical address
     * @param dst the destination
     * @param dstOffset where in {@code dst} to start
     * @param length how many bytes
     */
    public void readBytes(final long addr, final byte[] dst, final int dstOffset, final int length) {
        requireMemory();
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        transfer(addr, length, new Transfer() {
            @Override
            public void direct(final DirectRegion r, final long offset, final long done, final long n) {
                r.readBytes(offset, dst, dstOffset + (int) done, (int) n);
            }

            @Override
            public void access(final long at, final int size, final long done) {
                long v = dispatchRead(at, size);
                for (int i = 0; i < size; i++) {
                    dst[dstOffset + (int) done + i] = (byte) (v >>> (8 * i));
                }
            }

            @Override
            public void unassigned(final long done, final long n) {
                Arrays.fill(dst, dstOffset + (int) done, dstOffset + (int) (done + n), (byte) 0);
            }
        });
    }

    /**
     * {@code address_space_write}: copies {@code length} bytes from {@code src} to guest memory
     * starting at {@code addr}. Bytes for unassigned space and invalid accesses are dropped.
     * Memory spaces only.
     *
     * @param addr the first guest physical address
     * @param src the source
     * @param srcOffset where in {@code src} to start
     * @param length how many bytes
     */
    public void writeBytes(final long addr, final byte[] src, final int srcOffset, final int length) {
        requireMemory();
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        transfer(addr, length, new Transfer() {
            @Override
            public void direct(final DirectRegion r, final long offset, final long done, final long n) {
                r.writeBytes(offset, src, srcOffset + (int) done, (int) n);
            }

            @Override
            public void access(final long at, final int size, final long done) {
                long v = 0;
                for (int i = size - 1; i >= 0; i--) {
                    v = v << 8 | src[srcOffset + (int) done + i] & 0xff;
                }
                dispatchWrite(at, size, v);
            }
        });
    }

    /**
     * {@code address_space_write} of {@code length} copies of {@code value} (qtest's
     * {@code memset}), without a buffer of that length. Memory spaces only.
     *
     * @param addr the first guest physical address
     * @param length how many bytes (an unsigned count)
     * @param value the byte
     */
    public void fill(final long addr, final long length, final byte value) {
        requireMemory();
        long pattern = (value & 0xffL) * 0x0101_0101_0101_0101L;
        transfer(addr, length, new Transfer() {
            @Override
            public void direct(final DirectRegion r, final long offset, final long done, final long n) {
                r.fill(offset, n, value);
            }

            @Override
            public void access(final long at, final int size, final long done) {
                dispatchWrite(at, size, pattern & mask(size));
            }
        });
    }

    /** One step of {@link #transfer}: what to do with the bytes from {@code done} on. */
    private interface Transfer {
        /** {@code n} bytes straight from or to a direct region. */
        void direct(DirectRegion r, long offset, long done, long n);

        /** One register access of {@code size} bytes at {@code at}. */
        void access(long at, int size, long done);

        /** {@code n} bytes of unassigned space (an invalid access: nothing is written). */
        default void unassigned(final long done, final long n) {
        }
    }

    /**
     * {@code flatview_read/write_continue}: at each step the region at the current address takes
     * as much as it can. Unassigned space is io_mem_unassigned, whose section is unbounded, so
     * like any I/O region it goes in accesses of {@code memory_access_size} (at most 4 bytes,
     * bounded by the alignment of the address); a run of whole 4-byte accesses that ends before
     * the next mapping is skipped in one step, which changes nothing.
     */
    private void transfer(final long addr, final long length, final Transfer t) {
        long done = 0;
        while (Long.compareUnsigned(done, length) < 0) {
            long at = addr + done;
            long left = length - done;
            Mapping m = find(at);
            long n;
            if (m == null) {
                n = unassignedRun(at, left);
                if (n == 0) {
                    n = accessSize(4, at, left);
                }
                t.unassigned(done, n);
            } else if (m.region instanceof DirectRegion r) {
                // a RAM section ends where the mapping ends or a mapping that wins over it begins
                long room = sectionEnd(m, at) - at;
                n = Long.compareUnsigned(left, room) < 0 ? left : room;
                t.direct(r, at - m.base, done, n);
            } else {
                IoRegion r = m.region;
                int max = r.validMaxSize() >= 8 ? 4 : r.validMaxSize(); // 8 stands for QEMU's "unset"
                int size = accessSize(max, at - m.base, left);
                t.access(at, size, done);
                n = size;
            }
            done += n;
        }
    }

    /** {@code memory_access_size}: bounded by {@code max}, the alignment of {@code offset} and {@code left}. */
    private static int accessSize(final int max, final long offset, final long left) {
        int l = max;
        long align = offset & -offset;
        if (align != 0 && align < l) {
            l = (int) align;
        }
        if (Long.compareUnsigned(left, l) < 0) {
            l = (int) left;
        }
        return Integer.highestOneBit(l);
    }

    /**
     * How many bytes from the 4-aligned unassigned {@code at} the transfer crosses in whole
     * 4-byte accesses before reaching the next mapping (0 if {@code at} is not 4-aligned).
     */
    private long unassignedRun(final long at, final long left) {
        if ((at & 3) != 0) {
            return 0;
        }
        long room = left;
        for (Mapping o : mappings) {
            if (Long.compareUnsigned(o.base, at) > 0 && Long.compareUnsigned(o.base - at, room) < 0) {
                room = o.base - at;
            }
        }
        return room & ~3L;
    }

    /** Where the section of {@code m} that contains {@code at} ends. */
    private long sectionEnd(final Mapping m, final long at) {
        long end = m.base + m.size;
        Mapping[] ms = mappings;
        boolean wins = false;
        for (Mapping o : ms) {
            if (wins && Long.compareUnsigned(o.base, at) > 0 && Long.compareUnsigned(o.base, end) < 0) {
                end = o.base;
            }
            wins |= o == m;
        }
        return end;
    }

    private void requireMemory() {
        if (kind != Kind.MEMORY) {
            throw new IllegalStateException("byte transfers are for memory spaces");
        }
    }

    /**
     * An aligned TCG load. A region that has the page to itself gets the access whole; a page
     * shared by several regions (or a region and unassigned space) is a QEMU subpage, read through
     * the flat view in chunks, which must all be valid or the load reads 0.
     */
    private long load(final long addr, final int size) {
        Mapping m = find(addr);
        if (m == null || ownsPage(m, addr)) {
            return dispatchRead(addr, size);
        }
        int[] chunks = subpageChunks(addr, size);
        long value = 0;
        long a = addr;
        for (int l : chunks) {
            value |= dispatchRead(a, l) << (8 * (a - addr));
            a += l;
        }
        return value;
    }

    /** An aligned TCG store; see {@link #load}: on a subpage all chunks are valid or none is written. */
    private void store(final long addr, final int size, final long value) {
        Mapping m = find(addr);
        if (m == null || ownsPage(m, addr)) {
            dispatchWrite(addr, size, value);
            return;
        }
        long a = addr;
        for (int l : subpageChunks(addr, size)) {
            dispatchWrite(a, l, (value >>> (8 * (a - addr))) & mask(l));
            a += l;
        }
    }

    /**
     * {@code flatview_access_valid} with {@code memory_access_size}: each chunk goes to the region
     * at its own address and is at most that region's valid maximum (4 when it sets none) and the
     * alignment of its address. Unassigned space accepts nothing, so a chunk there makes the whole
     * access invalid: then no chunks.
     */
    private int[] subpageChunks(final long addr, final int size) {
        int[] out = new int[size];
        int n = 0;
        long a = addr;
        int left = size;
        while (left > 0) {
            Mapping m = find(a);
            if (m == null) {
                return new int[0];
            }
            IoRegion r = m.region;
            int l = Math.min(left, r.validMaxSize() >= 8 ? 4 : r.validMaxSize());
            long align = a & -a;
            if (align != 0 && align < l) {
                l = (int) align;
            }
            l = Integer.highestOneBit(l);
            if (!valid(r, a - m.base, l)) {
                return new int[0];
            }
            out[n++] = l;
            a += l;
            left -= l;
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether {@code m} covers the whole page of {@code addr} and no mapping that wins over it touches it. */
    private boolean ownsPage(final Mapping m, final long addr) {
        long page = addr & -PAGE_SIZE;
        if (m.base - page > 0 || m.base + m.size - (page + PAGE_SIZE) < 0) {
            return false;
        }
        Mapping[] ms = mappings;
        boolean later = false;
        for (Mapping other : ms) {
            if (later && other.base - (page + PAGE_SIZE) < 0 && page - (other.base + other.size) < 0) {
                return false;
            }
            later |= other == m;
        }
        return true;
    }

    /** One access as the memory core gets it: the region at {@code addr} takes all of it. */
    private long dispatchRead(final long addr, final int size) {
        Mapping m = find(addr);
        if (m == null) {
            return kind == Kind.PORT_IO && (addr & (size - 1)) == 0 ? mask(size) : 0;
        }
        IoRegion r = m.region;
        long offset = addr - m.base;
        if (!valid(r, offset, size)) {
            return 0;
        }
        int access = Math.max(Math.min(size, r.maxAccessSize()), r.minAccessSize());
        if (access == size) {
            return r.read(offset, size) & mask(size);
        }
        if (access > size) {
            return r.read(offset, access) & mask(size);
        }
        long value = 0;
        for (int i = 0; i < size; i += access) {
            value |= (r.read(offset + i, access) & mask(access)) << (8 * i);
        }
        return value;
    }

    private void dispatchWrite(final long addr, final int size, final long value) {
        Mapping m = find(addr);
        if (m == null) {
            return;
        }
        IoRegion r = m.region;
        long offset = addr - m.base;
        if (!valid(r, offset, size)) {
            return;
        }
        int access = Math.max(Math.min(size, r.maxAccessSize()), r.minAccessSize());
        if (access >= size) {
            r.write(offset, access, value & mask(size));
            return;
        }
        for (int i = 0; i < size; i += access) {
            r.write(offset + i, access, (value >>> (8 * i)) & mask(access));
        }
    }

    /**
     * The current mappings in order of precedence: lowest priority first, and within a priority
     * the newest last.
     *
     * @return a snapshot
     */
    public List<Mapping> mappings() {
        return List.of(mappings);
    }

    /** {@code memory_region_access_valid}. */
    private static boolean valid(final IoRegion r, final long offset, final int size) {
        if (!r.unalignedValid() && (offset & (size - 1)) != 0) {
            return false;
        }
        return size >= r.validMinSize() && size <= r.validMaxSize();
    }

    private Mapping find(final long addr) {
        Mapping[] ms = mappings;
        for (int i = ms.length - 1; i >= 0; i--) {
            if (ms[i].contains(addr)) {
                return ms[i];
            }
        }
        return null;
    }

    private void remove(final Mapping m) {
        synchronized (lock) {
            List<Mapping> next = new ArrayList<>(Arrays.asList(mappings));
            next.remove(m);
            mappings = next.toArray(new Mapping[0]);
        }
    }

    private static long mask(final int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
