package org.runstate.core.device;

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

        private Mapping(final long base, final long size, final IoRegion region, final String name) {
            this.base = base;
            this.size = size;
            this.region = region;
            this.name = name;
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
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        Mapping m = new Mapping(base, size, Objects.requireNonNull(region, "region"), name);
        synchronized (lock) {
            Mapping[] next = Arrays.copyOf(mappings, mappings.length + 1);
            next[next.length - 1] = m;
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

    /** Whether {@code m} covers the whole page of {@code addr} and no later mapping touches it. */
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
     * The current mappings, newest last.
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
