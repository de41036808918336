package org.runstate.panic;

import java.util.Objects;
import org.runstate.core.Machine;
import org.runstate.device.pci.PciFunction;
import org.runstate.device.pci.PciIdentity;
import org.runstate.device.pci.PciBus;

/**
 * The PCI pvpanic device, {@code -device pvpanic-pci[,addr=SLOT.FN][,events=N]}
 * (hw/misc/pvpanic-pci.c in QEMU 7.2): the pvpanic register behind BAR0.
 *
 * <ul>
 *   <li>Identity: 1b36:0011 (Red Hat, {@code PCI_DEVICE_ID_REDHAT_PVPANIC}), revision 1, class
 *       0x0880 ({@code PCI_CLASS_SYSTEM_OTHER}), subsystem 1af4:1100, no interrupt pin.
 *   <li>BAR0: 32-bit non-prefetchable memory of <b>2</b> bytes (QEMU creates the region with size 2
 *       although its spec says 1), so sizing reads back 0xfffffffe. It decodes only while the
 *       command register enables memory space, as every BAR.
 *   <li>The register is the ISA device's: reads return {@code events} in every byte
 *       ({@code readw} 0x0303), written bytes report PANICKED (bit 0, wins) or CRASH_LOADED
 *       (bit 1), other bits log once, {@code events} does not filter writes.
 * </ul>
 *
 * <p>Several pvpanic-pci devices may coexist (no fw_cfg file). Nothing device-specific is reset;
 * the system reset does the generic PCI reset (command and BAR cleared, BAR unmapped).
 *
 * <p>Thread-safe: config space is guarded by the function's monitor; register accesses are
 * stateless.
 */
public final class PvpanicPci extends PciFunction {
    /** The {@code -device} name and QOM type. */
    public static final String TYPE = "pvpanic-pci";
    /** {@code PCI_VENDOR_ID_REDHAT}. */
    public static final int VENDOR_ID = 0x1b36;
    /** {@code PCI_DEVICE_ID_REDHAT_PVPANIC}. */
    public static final int DEVICE_ID = 0x0011;
    /** {@code PCI_REVISION_ID} set by pvpanic_pci_class_init. */
    public static final int REVISION = 0x01;
    /** {@code PCI_CLASS_SYSTEM_OTHER} (0x0880) with programming interface 0. */
    public static final int CLASS_CODE = 0x088000;
    /** The size of BAR0 in bytes. */
    public static final int BAR0_SIZE = 2;
    /** The identity registers QEMU 7.2 gives the device. */
    public static final PciIdentity IDENTITY = new PciIdentity(VENDOR_ID, DEVICE_ID, REVISION, CLASS_CODE, 0x00,
            PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 0);

    private final int events;

    private PvpanicPci(final PvpanicRegister register, final int events) {
        super(TYPE, IDENTITY);
        this.events = events;
        addBar(0, false, BAR0_SIZE, register);
    }

    /**
     * Creates the device and plugs it into {@code bus}, as {@code -device pvpanic-pci} does on the
     * pc's PCI bus 0.
     *
     * @param machine the machine whose panic path the device reports to
     * @param bus the PCI bus
     * @param devfn {@code slot << 3 | function}, or -1 for QEMU's automatic placement (function 0 of
     *     the first free slot)
     * @param events what reads return, 0..255 ({@link Pvpanic#DEFAULT_EVENTS} is QEMU 7.2's
     *     default)
     * @return the plugged device
     * @throws IllegalArgumentException with QEMU's message: {@code Parameter 'events' expects
     *     uint8_t}, or the PCI bus's when the place is taken or the bus is full
     */
    public static PvpanicPci plug(final Machine machine, final PciBus bus, final int devfn, final int events) {
        return plug(machine, bus, devfn, events, UnknownEventLog.of(Objects.requireNonNull(machine, "machine")));
    }

    /** As {@link #plug(Machine, PciBus, int, int)} with a given unknown-event log (tests). */
    static PvpanicPci plug(final Machine machine, final PciBus bus, final int devfn, final int events,
            final UnknownEventLog unknownEvents) {
        Objects.requireNonNull(bus, "bus");
        PvpanicRegister register = new PvpanicRegister(events, machine.panics(), unknownEvents);
        PvpanicPci device = new PvpanicPci(register, events);
        bus.place(device, devfn);
        return device;
    }

    /**
     * What every byte of a read returns.
     *
     * @return the {@code events} property
     */
    public int events() {
        return events;
    }
}
