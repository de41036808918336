package org.runstate.core.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A guest address space (x86 port I/O or physical memory) that dispatches accesses to the
 * {@link IoRegion} mapped at the address. Lookups are lock-free: the mappings are an immutable
 * array sorted by base, replaced as a whole when a device maps, moves or unmaps a region (BAR
 * programming, PM base changes), which is rare.
 *
 * <p>The region found at the start address takes the whole access, as on QEMU's CPU path (x86
 * IN/OUT and TCG loads/stores); accesses are never split across regions. Unassigned space behaves
 * as in QEMU 7.2: a port read returns all ones when naturally aligned and 0 otherwise (the
 * unassigned-io region rejects unaligned accesses), a memory read returns 0, writes are dropped.
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

    /**
     * Writes {@code size} bytes at {@code addr}.
     *
     * @param addr the address
     * @param size 1, 2, 4 or 8
     * @param value the value (low {@code size} bytes)
     */
    public void write(final long addr, final int size, final long value) {
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
