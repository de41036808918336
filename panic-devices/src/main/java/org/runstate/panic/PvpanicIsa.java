package org.runstate.panic;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import org.runstate.core.Machine;
import org.runstate.device.AddressSpace;

/**
 * The ISA pvpanic device, {@code -device pvpanic[,ioport=N][,events=N]} (hw/misc/pvpanic-isa.c
 * in QEMU 7.2): one byte of port I/O, 0x505 by default.
 *
 * <ul>
 *   <li>A read of any width returns {@code events} (default 3) in every byte: {@code inb} 0x03,
 *       {@code inw} 0x0303, {@code inl} 0x03030303.
 *   <li>A written byte with bit 0 reports a guest panic (GUEST_PANICKED, then what the panic and
 *       shutdown actions say) and bit 1 is then ignored; otherwise bit 1 reports GUEST_CRASHLOADED
 *       with action run. Other bits only log {@code pvpanic: unknown event %#x.} once per machine.
 *       {@code events} does not filter writes.
 *   <li>The guest finds the port through ACPI ({@code QEMU0001}) and the fw_cfg file
 *       {@code etc/pvpanic-port}; the file name is unique, so a machine has at most one ISA
 *       pvpanic. The device has no state to reset or migrate.
 * </ul>
 *
 * <p>Thread-safe: accesses from any vCPU thread go straight to the machine's panic path.
 */
public final class PvpanicIsa {
    /** The {@code -device} name and QOM type. */
    public static final String TYPE = "pvpanic";
    /** The default {@code ioport} property ({@code PVPANIC_IOPORT_PROP}). */
    public static final int DEFAULT_IOPORT = 0x505;
    /** The ACPI hardware id of the device QEMU describes in the DSDT ({@code PEVT}). */
    public static final String ACPI_HID = "QEMU0001";
    /** The fw_cfg file holding the port, 2 bytes little-endian; its name makes the device unique. */
    public static final String FW_CFG_FILE = "etc/pvpanic-port";

    /**
     * Port I/O spaces whose platform's fw_cfg already has {@link #FW_CFG_FILE}: one fw_cfg per
     * platform, one port I/O space per platform, so the space stands for the fw_cfg.
     */
    private static final Set<AddressSpace> WITH_PORT_FILE =
            Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    private final int ioport;
    private final int events;

    private PvpanicIsa(final int ioport, final int events) {
        this.ioport = ioport;
        this.events = events;
    }

    /**
     * Creates the device and maps its port, as {@code -device pvpanic,ioport=N,events=N} does.
     *
     * @param machine the machine whose panic path the device reports to
     * @param io the port I/O address space (the pc's ISA ports); at most one ISA pvpanic per space
     * @param ioport the port, 0..0xffff ({@link #DEFAULT_IOPORT} is QEMU's default)
     * @param events what reads return, 0..255 ({@link Pvpanic#DEFAULT_EVENTS} is QEMU 7.2's
     *     default)
     * @return the device
     * @throws IllegalArgumentException with QEMU's message: {@code Parameter 'ioport' expects
     *     uint16_t}, {@code Parameter 'events' expects uint8_t}, or
     *     {@code duplicate fw_cfg file name: etc/pvpanic-port} for a second ISA pvpanic (fatal in
     *     QEMU: exit status 1)
     */
    public static PvpanicIsa plug(final Machine machine, final AddressSpace io, final int ioport, final int events) {
        return plug(machine, io, ioport, events, UnknownEventLog.of(Objects.requireNonNull(machine, "machine")));
    }

    /** As {@link #plug(Machine, AddressSpace, int, int)} with a given unknown-event log (tests). */
    static PvpanicIsa plug(final Machine machine, final AddressSpace io, final int ioport, final int events,
            final UnknownEventLog unknownEvents) {
        Objects.requireNonNull(io, "io");
        if (ioport < 0 || ioport > 0xffff) {
            throw new IllegalArgumentException("Parameter 'ioport' expects uint16_t");
        }
        PvpanicRegister register = new PvpanicRegister(events, machine.panics(), unknownEvents);
        // pvpanic_isa_realizefn: fw_cfg_add_file (fatal on a duplicate name), then map the port
        if (!WITH_PORT_FILE.add(io)) {
            throw new IllegalArgumentException("duplicate fw_cfg file name: " + FW_CFG_FILE);
        }
        io.map(ioport, 1, register, TYPE);
        return new PvpanicIsa(ioport, events);
    }

    /**
     * The port the register is at.
     *
     * @return the {@code ioport} property
     */
    public int ioport() {
        return ioport;
    }

    /**
     * What every byte of a read returns.
     *
     * @return the {@code events} property
     */
    public int events() {
        return events;
    }

    /**
     * The contents of the fw_cfg file {@link #FW_CFG_FILE} firmware reads to find the port.
     *
     * @return 2 bytes, the port little-endian
     */
    public byte[] fwCfgPortFile() {
        return new byte[] {(byte) ioport, (byte) (ioport >> 8)};
    }
}
