package org.runstate.device.pci;

import org.runstate.device.AddressSpace;
import org.runstate.device.IoRegion;

/**
 * One PCI function with a 256-byte configuration space and QEMU's generic semantics
 * (hw/pci/pci.c): a write changes only the bits of the write mask, write-1-to-clear bits are
 * cleared by writing 1, BARs are sized by writing all ones and reading the size mask back, and a
 * BAR is mapped into memory or port space only while the command register enables that decoding
 * and its address is valid. Devices extend it and override {@link #configRead}/{@link #configWrite}
 * for their own registers.
 *
 * <p>Config accesses arrive from vCPU threads and the control thread; every method that touches
 * the config space is synchronized on the function.
 */
public class PciFunction {
    /** Offset of the command register. */
    public static final int COMMAND = 0x04;
    /** Offset of the status register. */
    public static final int STATUS = 0x06;
    /** Offset of the first BAR. */
    public static final int BAR0 = 0x10;
    /** Command bit: I/O space decoding. */
    public static final int COMMAND_IO = 0x1;
    /** Command bit: memory space decoding. */
    public static final int COMMAND_MEMORY = 0x2;
    /** Command bits writable on every function: IO, memory, bus master, SERR, INTx disable (0x0507). */
    private static final int COMMAND_WRITABLE = 0x1 | 0x2 | 0x4 | 0x100 | 0x400;
    /** Status bits that are write-1-to-clear (parity, target/master abort, SERR, detected parity). */
    private static final int STATUS_W1C = 0x0100 | 0x0800 | 0x1000 | 0x2000 | 0x4000 | 0x8000;
    private static final int BAR_COUNT = 6;

    private final String name;
    /** Accessed only under the function's monitor. */
    protected final byte[] config = new byte[256];
    private final byte[] wmask = new byte[256];
    private final byte[] w1cmask = new byte[256];
    private final Bar[] bars = new Bar[BAR_COUNT];
    private PciBus bus;
    private int devfn = -1;

    /**
     * Creates a function with its identity registers and QEMU's default write masks.
     *
     * @param name the device model name, for diagnostics
     * @param id the identity
     */
    public PciFunction(final String name, final PciIdentity id) {
        this.name = name;
        putWord(0x00, id.vendorId());
        putWord(0x02, id.deviceId());
        config[0x08] = (byte) id.revision();
        config[0x09] = (byte) id.classCode();
        config[0x0a] = (byte) (id.classCode() >> 8);
        config[0x0b] = (byte) (id.classCode() >> 16);
        config[0x0e] = (byte) id.headerType();
        putWord(0x2c, id.subsystemVendorId());
        putWord(0x2e, id.subsystemId());
        config[0x3d] = (byte) id.interruptPin();
        putMask(wmask, COMMAND, COMMAND_WRITABLE, 2);
        putMask(w1cmask, STATUS, STATUS_W1C, 2);
        wmask[0x0c] = (byte) 0xff; // cache line size
        wmask[0x3c] = (byte) 0xff; // interrupt line
        for (int i = 0x40; i < 0x100; i++) {
            wmask[i] = (byte) 0xff; // device-specific space is writable unless the device says otherwise
        }
    }

    /**
     * The device model name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Where the function sits, as {@code devfn = slot << 3 | function}.
     *
     * @return the devfn, or -1 before it is plugged in
     */
    public synchronized int devfn() {
        return devfn;
    }

    /**
     * A config-space read ({@code config_read}); the default returns the stored bytes.
     *
     * @param offset 0..255
     * @param size 1, 2 or 4 (never crossing the end of the space)
     * @return the value
     */
    public synchronized int configRead(final int offset, final int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (config[offset + i] & 0xff) << (8 * i);
        }
        return v;
    }

    /**
     * A config-space write ({@code pci_default_write_config}): each byte changes only where the
     * write mask allows, write-1-to-clear bits are cleared, then BAR mappings are updated if the
     * write touched the command register or a BAR.
     *
     * @param offset 0..255
     * @param size 1, 2 or 4
     * @param value the value
     */
    public synchronized void configWrite(final int offset, final int size, final int value) {
        for (int i = 0; i < size; i++) {
            int a = offset + i;
            int b = (value >>> (8 * i)) & 0xff;
            int w = wmask[a] & 0xff;
            int c = w1cmask[a] & 0xff;
            config[a] = (byte) (((config[a] & ~w) | (b & w)) & ~(b & c));
        }
        if (overlaps(offset, size, COMMAND, 2) || overlaps(offset, size, BAR0, 4 * BAR_COUNT)) {
            updateMappings();
        }
    }

    /**
     * Resets the function: first the device's own reset ({@link #resetDevice()}), then the bus's
     * generic one ({@code pci_do_device_reset}, which QEMU runs after the children's resets, so it
     * clears a command value the device reset set): writable command and write-1-to-clear status
     * bits cleared, cache line and interrupt line zeroed, BARs back to their type bits and unmapped.
     * Device-specific registers (0x40-0xff) are left to the device.
     */
    public final synchronized void reset() {
        resetDevice();
        putWord(COMMAND, word(COMMAND) & ~(maskWord(wmask, COMMAND) | maskWord(w1cmask, COMMAND)));
        putWord(STATUS, word(STATUS) & ~(maskWord(wmask, STATUS) | maskWord(w1cmask, STATUS)));
        config[0x0c] = 0;
        config[0x3c] = 0;
        for (int i = 0; i < BAR_COUNT; i++) {
            if (bars[i] != null) {
                putLong(BAR0 + 4 * i, bars[i].typeBits());
            }
        }
        updateMappings();
    }

    /** The device's own reset; called with the function locked, before the generic reset. */
    protected void resetDevice() {
    }

    /**
     * Declares BAR {@code index} ({@code pci_register_bar}): its type bits become the register's
     * value and its write mask is {@code ~(size - 1)}, so writing all ones reads back the size.
     *
     * @param index 0..5
     * @param io true for a port I/O BAR, false for a 32-bit memory BAR
     * @param size a power of two
     * @param region the registers behind it
     */
    protected final synchronized void addBar(final int index, final boolean io, final long size, final IoRegion region) {
        if (Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("BAR size must be a power of two: " + size);
        }
        bars[index] = new Bar(io, size, region);
        int offset = BAR0 + 4 * index;
        putLong(offset, bars[index].typeBits());
        putMask(wmask, offset, (int) ~(size - 1), 4);
    }

    /**
     * Makes config bytes read-only (a device's own registers that ignore writes).
     *
     * @param offset the first byte
     * @param length how many
     */
    protected final synchronized void setReadOnly(final int offset, final int length) {
        for (int i = offset; i < offset + length; i++) {
            wmask[i] = 0;
        }
    }

    /**
     * The address a BAR is mapped at ({@code pci_bar_address}).
     *
     * @param index 0..5
     * @return the address, or -1 when unmapped
     */
    public synchronized long barAddress(final int index) {
        Bar bar = bars[index];
        if (bar == null) {
            return -1;
        }
        int cmd = word(COMMAND);
        long reg = Integer.toUnsignedLong(longAt(BAR0 + 4 * index));
        if ((cmd & (bar.io ? COMMAND_IO : COMMAND_MEMORY)) == 0) {
            return -1;
        }
        long addr = reg & ~(bar.size - 1);
        long last = addr + bar.size - 1;
        if (last <= addr || addr == 0 || last >= 0xFFFF_FFFFL) {
            return -1;
        }
        return addr;
    }

    final synchronized void plug(final PciBus owner, final int at) {
        bus = owner;
        devfn = at;
        updateMappings();
    }

    /**
     * The 16-bit config-space word at {@code offset}, little-endian.
     *
     * @param offset the first byte's offset, 0..254
     * @return the word
     */
    protected final int word(final int offset) {
        return (config[offset] & 0xff) | (config[offset + 1] & 0xff) << 8;
    }

    /**
     * Stores a little-endian word (for device registers kept in config space).
     *
     * @param offset where
     * @param value the 16-bit value
     */
    protected final void putWord(final int offset, final int value) {
        config[offset] = (byte) value;
        config[offset + 1] = (byte) (value >> 8);
    }

    private int longAt(final int offset) {
        return word(offset) | word(offset + 2) << 16;
    }

    private void putLong(final int offset, final int value) {
        putWord(offset, value);
        putWord(offset + 2, value >>> 16);
    }

    private void updateMappings() {
        if (bus == null) {
            return;
        }
        for (int i = 0; i < BAR_COUNT; i++) {
            Bar bar = bars[i];
            if (bar == null) {
                continue;
            }
            long addr = barAddress(i);
            if (bar.mapping != null && bar.mapping.base() == addr) {
                continue;
            }
            if (bar.mapping != null) {
                bar.mapping.unmap();
                bar.mapping = null;
            }
            if (addr >= 0) {
                AddressSpace space = bar.io ? bus.ioSpace() : bus.memorySpace();
                bar.mapping = space.map(addr, bar.size, bar.region, name + "-bar" + i);
            }
        }
    }

    private static int maskWord(final byte[] mask, final int offset) {
        return (mask[offset] & 0xff) | (mask[offset + 1] & 0xff) << 8;
    }

    private static void putMask(final byte[] mask, final int offset, final int value, final int size) {
        for (int i = 0; i < size; i++) {
            mask[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static boolean overlaps(final int offset, final int size, final int start, final int length) {
        return offset < start + length && start < offset + size;
    }

    /** A declared BAR and, while decoded, its mapping. */
    private static final class Bar {
        final boolean io;
        final long size;
        final IoRegion region;
        AddressSpace.Mapping mapping;

        Bar(final boolean io, final long size, final IoRegion region) {
            this.io = io;
            this.size = size;
            this.region = region;
        }

        int typeBits() {
            return io ? 0x1 : 0x0;
        }
    }
}
