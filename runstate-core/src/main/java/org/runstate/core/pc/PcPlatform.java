package org.runstate.core.pc;

import org.runstate.core.Machine;
import org.runstate.core.device.AddressSpace;
import org.runstate.core.device.MsrSpace;
import org.runstate.core.device.pci.PciBus;
import org.runstate.core.device.pci.PciFunction;

/**
 * QEMU 7.2's {@code -M pc -nodefaults} as far as the run state is concerned: port I/O and memory
 * spaces, the MSRs devices add, PCI bus 0 with the i440FX host bridge at 00.0 and the PIIX3/PIIX4
 * functions at slot 1 (ISA bridge with the 0xCF9 reset control register, IDE, ACPI power
 * management), the i8042 and port 0x92 reset paths. Devices plug into {@link #pci()} and
 * {@link #io()}. System resets and the S3 wakeup reset every device here.
 */
public final class PcPlatform {
    /** QEMU's default RAM size ({@code -m}): 128 MiB. */
    public static final long DEFAULT_RAM = 128L << 20;

    private final Machine machine;
    private final AddressSpace io = new AddressSpace(AddressSpace.Kind.PORT_IO);
    private final AddressSpace memory = new AddressSpace(AddressSpace.Kind.MEMORY);
    private final MsrSpace msrs = new MsrSpace();
    private final PciBus pci;

    private PcPlatform(final Machine machine, final long ramBytes) {
        this.machine = machine;
        pci = new PciBus(io, memory);
        pci.plug(new I440fx(ramBytes), 0x00);
        Piix3Isa isa = new Piix3Isa(machine.requests());
        pci.plug(isa, 0x08);
        pci.plug(new Piix3Ide(), 0x09);
        Piix4Pm pm = new Piix4Pm(machine.requests(), machine.events(), machine.virtualClock(), io);
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
     * Physical memory space (device MMIO; RAM is not modelled).
     *
     * @return the space
     */
    public AddressSpace memory() {
        return memory;
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
