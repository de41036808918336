package org.runstate.device.pci;

import java.util.ArrayList;
import java.util.List;
import org.runstate.device.AddressSpace;
import org.runstate.device.IoRegion;

/**
 * PCI bus 0 with its host bridge's configuration mechanism #1: the address register at port
 * 0xCF8 (written only as a dword) and the data window at 0xCFC-0xCFF (byte, word or dword at
 * {@code reg | (port & 3)}). A read with the enable bit clear, of a function that does not exist,
 * or of another bus, returns all ones, as in QEMU.
 */
public final class PciBus {
    /** The config address register port. */
    public static final int CONFIG_ADDRESS = 0xcf8;
    /** The config data window port. */
    public static final int CONFIG_DATA = 0xcfc;

    private final AddressSpace io;
    private final AddressSpace memory;
    private final PciFunction[] functions = new PciFunction[256];
    private volatile int configAddress;

    /**
     * Creates bus 0 and maps its host bridge ports into {@code io}.
     *
     * @param io port I/O space
     * @param memory memory space, where memory BARs are mapped
     */
    public PciBus(final AddressSpace io, final AddressSpace memory) {
        this.io = io;
        this.memory = memory;
        io.map(CONFIG_ADDRESS, 4, new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                return Integer.toUnsignedLong(configAddress); // QEMU returns the whole register at any offset
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                if (offset == 0 && size == 4) { // pci_host_config_write ignores anything but a dword at 0xCF8
                    configAddress = (int) value;
                }
            }
        }, "pci-conf-idx");
        io.map(CONFIG_DATA, 4, new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                return dataRead((int) offset, size);
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                dataWrite((int) offset, size, (int) value);
            }
        }, "pci-conf-data");
    }

    /**
     * Plugs a function in ({@code -device NAME,addr=SLOT.FN}).
     *
     * @param function the function
     * @param devfn {@code slot << 3 | fn}
     * @throws IllegalArgumentException with QEMU's message when the slot is taken
     */
    public synchronized void plug(final PciFunction function, final int devfn) {
        if (devfn < 0 || devfn > 255) {
            throw new IllegalArgumentException("invalid devfn " + devfn);
        }
        if (functions[devfn] != null) {
            throw new IllegalArgumentException(String.format("PCI: slot %d function %d not available for %s, in use by %s",
                    devfn >> 3, devfn & 7, function.name(), functions[devfn].name()));
        }
        functions[devfn] = function;
        function.plug(this, devfn);
    }

    /**
     * Plugs a function in where {@code -device NAME[,addr=SLOT.FN]} puts it: at {@code devfn}, or
     * with QEMU's automatic placement (function 0 of the first free slot) when {@code devfn} is
     * negative.
     *
     * @param function the function
     * @param devfn {@code slot << 3 | fn}, or -1
     * @return the devfn used
     * @throws IllegalArgumentException with QEMU's message when the place is taken or the bus full
     */
    public synchronized int place(final PciFunction function, final int devfn) {
        int at = devfn >= 0 ? devfn : firstFreeSlot();
        if (at < 0) {
            throw new IllegalArgumentException("PCI: no slot/function available for " + function.name()
                    + ", all in use or reserved");
        }
        plug(function, at);
        return at;
    }

    /**
     * QEMU's automatic placement: function 0 of the first slot with nothing in it.
     *
     * @return the devfn, or -1 when the bus is full
     */
    public synchronized int firstFreeSlot() {
        for (int devfn = 0; devfn < 256; devfn += 8) {
            if (functions[devfn] == null) {
                return devfn;
            }
        }
        return -1;
    }

    /**
     * The function at {@code devfn}.
     *
     * @param devfn {@code slot << 3 | fn}
     * @return the function, or null
     */
    public synchronized PciFunction function(final int devfn) {
        return functions[devfn];
    }

    /**
     * Every plugged function, by devfn.
     *
     * @return the functions
     */
    public synchronized List<PciFunction> functions() {
        List<PciFunction> out = new ArrayList<>();
        for (PciFunction f : functions) {
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Resets every function (QEMU resets the bus's devices on a system reset). The 0xCF8 address
     * latch is not reset: QEMU never resets {@code config_reg}.
     */
    public void reset() {
        functions().forEach(PciFunction::reset);
    }

    AddressSpace ioSpace() {
        return io;
    }

    AddressSpace memorySpace() {
        return memory;
    }

    private long dataRead(final int port, final int size) {
        int reg = configAddress;
        if (reg >= 0) { // enable bit 31 clear
            return 0xFFFF_FFFFL;
        }
        int addr = reg | (port & 3);
        PciFunction f = target(addr);
        int offset = addr & 0xff;
        if (f == null) {
            return 0xFFFF_FFFFL;
        }
        // pci_host_config_read_common clips the length at the end of the 256-byte space
        return Integer.toUnsignedLong(f.configRead(offset, Math.min(size, 256 - offset)));
    }

    private void dataWrite(final int port, final int size, final int value) {
        int reg = configAddress;
        if (reg >= 0) {
            return;
        }
        int addr = reg | (port & 3);
        PciFunction f = target(addr);
        int offset = addr & 0xff;
        if (f != null) {
            f.configWrite(offset, Math.min(size, 256 - offset), value);
        }
    }

    private PciFunction target(final int addr) {
        if (((addr >> 16) & 0xff) != 0) {
            return null; // only bus 0 exists
        }
        return function((addr >> 8) & 0xff);
    }
}
