package org.runstate.core.pc;

import org.runstate.core.Machine;
import org.runstate.core.device.AddressSpace;
import org.runstate.core.device.DeviceTree;
import org.runstate.core.device.GpioDevice;
import org.runstate.core.device.GuestRam;
import org.runstate.core.device.IrqLine;
import org.runstate.core.device.MsrSpace;
import org.runstate.core.device.pci.PciBus;
import org.runstate.core.device.pci.PciFunction;

/**
 * QEMU 7.2's {@code -M pc -nodefaults} as far as the run state is concerned: port I/O and memory
 * spaces, the MSRs devices add, PCI bus 0 with the i440FX host bridge at 00.0 and the PIIX3/PIIX4
 * functions at slot 1 (ISA bridge with the 0xCF9 reset control register, IDE, ACPI power
 * management), the i8042 and port 0x92 reset paths. Devices plug into {@link #pci()} and
 * {@link #io()}. System resets and the S3 wakeup reset every device here.
 *
 * <p>Guest RAM ({@code -m}) is in {@link #memory()} where {@code pc_memory_init} puts it: below
 * 4 GiB up to 3.5 GiB (3 GiB when the RAM is 3.5 GiB or more, the i440FX's gigabyte alignment),
 * the rest from 4 GiB on. 0xa0000-0xbffff is RAM too (QEMU 7.2's flat view of a fresh
 * {@code -M pc -nodefaults} shows pc.ram there); the window 0xc0000-0xfffff (pc.rom and the
 * BIOS, read-only in QEMU) is left unassigned, as is the BIOS at the top of 4 GiB, so both read
 * as zeros. RAM hides PCI BARs that overlap it, as in QEMU, where the PCI window sits under
 * system memory at priority -1.
 *
 * <p>Interrupts: the GSIs end at the I/O APIC's 24 inputs ({@code /machine/i440fx/ioapic} in
 * {@link #devices()}), which qtest can intercept; what the I/O APIC and the i8259 PICs do with an
 * interrupt is not modelled. The PIIX4 SCI drives GSI 9.
 */
public final class PcPlatform {
    /** QEMU's default RAM size ({@code -m}): 128 MiB. */
    public static final long DEFAULT_RAM = 128L << 20;
    /** {@code IOAPIC_NUM_PINS}. */
    public static final int IOAPIC_PINS = 24;
    /** The pc's {@code max-ram-below-4g} default (3.5 GiB). */
    static final long MAX_RAM_BELOW_4G = 0xe000_0000L;
    /** Where RAM goes below 4 GiB when the RAM reaches {@link #MAX_RAM_BELOW_4G} (gigabyte alignment). */
    static final long GIGABYTE_ALIGNED_BELOW_4G = 0xc000_0000L;
    /** The legacy ROM window (pc.rom, isa-bios) that RAM does not show through. */
    static final long LEGACY_ROM_START = 0xc0000L;
    static final long LEGACY_ROM_END = 0x100000L;
    /** RAM mappings win over PCI BARs (which map at priority 0). */
    static final int RAM_PRIORITY = 1;

    private final Machine machine;
    private final AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
    private final AddressSpace memory = new AddressSpace(AddressSpace.Kind.MEMORY);
    private final MsrSpace msrs = new MsrSpace();
    private final PciBus pci;
    private final GuestRam ram;
    private final DeviceTree devices = new DeviceTree();
    private final GpioDevice ioapic;

    private PcPlatform(final Machine machine, final long ramBytes) {
        this.machine = machine;
        ram = new GuestRam(Math.max(ramBytes, 0));
        mapRam(ramBytes);
        devices.add("/machine/i440fx", GpioDevice.withoutLines("i440FX-pcihost"));
        ioapic = devices.add("/machine/i440fx/ioapic", new GpioDevice("ioapic", IOAPIC_PINS, (n, level) -> { }, 0));
        pci = new PciBus(io, memory);
        pci.plug(new I440fx(ramBytes), 0x00);
        Piix3Isa isa = new Piix3Isa(machine.requests());
        pci.plug(isa, 0x08);
        pci.plug(new Piix3Ide(), 0x09);
        GpioDevice pmLines = new GpioDevice("PIIX4_PM", 0, (n, level) -> { }, 1);
        pmLines.connectOutput(0, gsi(Piix4Pm.SCI_GSI));
        devices.link("/machine/acpi-device", pmLines);
        Piix4Pm pm = new Piix4Pm(machine.requests(), machine.events(), machine.virtualClock(), io, pmLines.output(0));
        pci.plug(pm, 0x0b);
        io.map(Piix3Isa.RCR_PORT, 1, isa.resetControl(), "piix3-reset-control"); // overlays 0xCF8's dword
        I8042 kbc = new I8042(machine.requests());
        io.map(I8042.DATA_PORT, 1, kbc.dataPort(), "i8042-data");
        io.map(I8042.COMMAND_PORT, 1, kbc.commandPort(), "i8042-cmd");
        Port92 port92 = new Port92(machine.requests());
        io.map(Port92.PORT, 1, port92, "port92");
        machine.addResetHandler(cause -> {
            pci.reset();
            kbc.reset();
            port92.reset();
        });
        machine.addPowerdownNotifier(pm::powerButton);
        machine.addWakeupNotifier(pm::wakeup);
    }

    /** {@code pc_memory_init}'s layout of {@code -m}; see the class comment. */
    private void mapRam(final long ramBytes) {
        long below = ramBytes;
        long above = 0;
        if (ramBytes >= MAX_RAM_BELOW_4G) {
            below = GIGABYTE_ALIGNED_BELOW_4G;
            above = ramBytes - below;
        }
        if (below > LEGACY_ROM_START) {
            memory.map(0, LEGACY_ROM_START, ram.window(0), "pc.ram", RAM_PRIORITY);
            if (below > LEGACY_ROM_END) {
                memory.map(LEGACY_ROM_END, below - LEGACY_ROM_END, ram.window(LEGACY_ROM_END), "pc.ram", RAM_PRIORITY);
            }
        } else if (below > 0) {
            memory.map(0, below, ram.window(0), "pc.ram", RAM_PRIORITY);
        }
        if (above > 0) {
            memory.map(1L << 32, above, ram.window(below), "ram-above-4g", RAM_PRIORITY);
        }
    }

    /**
     * Builds the platform for {@code machine} and registers its reset handler and notifiers. The
     * machine should be built with {@code wakeupSupported(true)} (the ACPI core registers wakeup
     * support) and {@code nmi(NmiHandler.ALL_VCPUS)}.
     *
     * @param machine the machine, not yet started or started
     * @param ramBytes the RAM size reported by the host bridge
     * @return the platform
     */
    public static PcPlatform install(final Machine machine, final long ramBytes) {
        return new PcPlatform(machine, ramBytes);
    }

    /**
     * Plugs a PCI function in, at {@code devfn} or at QEMU's automatic place (the first free
     * slot) when {@code devfn} is negative.
     *
     * @param function the function
     * @param devfn {@code slot << 3 | fn}, or -1
     * @return the devfn used
     * @throws IllegalArgumentException with QEMU's message when the place is taken or the bus full
     */
    public int plugPci(final PciFunction function, final int devfn) {
        int at = devfn >= 0 ? devfn : pci.firstFreeSlot();
        if (at < 0) {
            throw new IllegalArgumentException("PCI: no slot/function available for " + function.name()
                    + ", all in use or reserved");
        }
        pci.plug(function, at);
        return at;
    }

    /**
     * The machine this platform belongs to.
     *
     * @return the machine
     */
    public Machine machine() {
        return machine;
    }

    /**
     * Port I/O space.
     *
     * @return the space
     */
    public AddressSpace io() {
        return io;
    }

    /**
     * Physical memory space: guest RAM and device MMIO.
     *
     * @return the space
     */
    public AddressSpace memory() {
        return memory;
    }

    /**
     * Guest RAM, addressed by RAM offset (below-4G part first).
     *
     * @return the RAM
     */
    public GuestRam ram() {
        return ram;
    }

    /**
     * The modelled devices under their QOM paths, for qtest's IRQ commands.
     *
     * @return the tree
     */
    public DeviceTree devices() {
        return devices;
    }

    /**
     * Global system interrupt {@code n} as {@code gsi_handler} delivers it: to I/O APIC input
     * {@code n} (the i8259 half is not modelled).
     *
     * @param n 0..23
     * @return the line
     */
    public IrqLine gsi(final int n) {
        return ioapic.input(n);
    }

    /**
     * The MSRs devices add to every vCPU.
     *
     * @return the MSR space
     */
    public MsrSpace msrs() {
        return msrs;
    }

    /**
     * PCI bus 0.
     *
     * @return the bus
     */
    public PciBus pci() {
        return pci;
    }
}
