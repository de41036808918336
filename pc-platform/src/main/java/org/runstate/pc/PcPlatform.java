package org.runstate.pc;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.runstate.core.Machine;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.VirtualClock;
import org.runstate.device.AddressSpace;
import org.runstate.device.DeviceTree;
import org.runstate.device.GpioDevice;
import org.runstate.device.GuestRam;
import org.runstate.device.IrqLine;
import org.runstate.device.MsrSpace;
import org.runstate.device.pci.PciBus;
import org.runstate.device.pci.PciFunction;

/**
 * QEMU 7.2's {@code -M pc -nodefaults} as far as the run state is concerned: port I/O and memory
 * spaces, the MSRs devices add, PCI bus 0 with the i440FX host bridge at 00.0 and the PIIX3/PIIX4
 * functions at slot 1 (ISA bridge with the 0xCF9 reset control register, IDE, ACPI power
 * management), the i8042 and port 0x92 reset paths, and the MC146818 RTC with its CMOS at ports
 * 0x70-0x71 ({@link Config}: {@code -rtc}, {@code -boot}). Devices plug into {@link #pci()} and
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
 * interrupt is not modelled. The PIIX4 SCI drives GSI 9, the RTC GSI 8 (QEMU routes it through the
 * HPET, which passes it on while the guest has not enabled the HPET's legacy mode).
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
    private final Mc146818Rtc rtc;

    /**
     * What the pc's firmware interface is configured with: the RTC ({@code -rtc}), the boot order
     * in the CMOS ({@code -boot order=,once=}, {@code -no-fd-bootchk}) and where the RTC is in the
     * QOM tree (RTC_CHANGE names it).
     *
     * @param rtc the RTC's base, clock and lost-tick policy
     * @param bootOrder {@code -boot order=}, QEMU's default {@code cad}
     * @param bootOnce {@code -boot once=}, or null
     * @param fdBootchk false with {@code -no-fd-bootchk}
     * @param rtcQomPath the RTC's QOM path, see {@link #rtcQomPath}
     */
    public record Config(RtcConfig rtc, String bootOrder, String bootOnce, boolean fdBootchk, String rtcQomPath) {
        /** QEMU's default boot order for the pc machines: disk, floppy, CD-ROM. */
        public static final String DEFAULT_BOOT_ORDER = "cad";

        /**
         * Checks the members.
         *
         * @param rtc the RTC configuration
         * @param bootOrder the boot order
         * @param bootOnce the first boot's order, or null
         * @param fdBootchk whether the BIOS checks the floppy boot signature
         * @param rtcQomPath the RTC's QOM path
         */
        public Config {
            Objects.requireNonNull(rtc, "rtc");
            Objects.requireNonNull(bootOrder, "bootOrder");
            Objects.requireNonNull(rtcQomPath, "rtcQomPath");
        }

        /**
         * QEMU's defaults for {@code -M pc -smp cpus} with the HPET.
         *
         * @param cpus the vCPU count
         * @return the configuration
         */
        public static Config defaults(final int cpus) {
            return new Config(RtcConfig.defaults(), DEFAULT_BOOT_ORDER, null, true, PcPlatform.rtcQomPath(cpus, true));
        }
    }

    /**
     * Where QEMU 7.2's {@code -M pc} puts the RTC in {@code /machine/unattached}: after the vCPUs and
     * the first one's kvmvapic, i440FX, PIIX3, two i8257, two i8259 and the HPET, e.g.
     * {@code device[9]} with one vCPU.
     *
     * @param cpus the vCPU count
     * @param hpet whether the machine has the HPET ({@code -machine hpet=on}, the default)
     * @return the path
     */
    public static String rtcQomPath(final int cpus, final boolean hpet) {
        return "/machine/unattached/device[" + (cpus + (hpet ? 8 : 7)) + "]";
    }

    private PcPlatform(final Machine machine, final long ramBytes, final Config config) {
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
        GpioDevice rtcLines = devices.add(config.rtcQomPath(), new GpioDevice("mc146818rtc", 0, (n, level) -> { }, 1));
        rtcLines.connectOutput(0, gsi(Mc146818Rtc.ISA_IRQ));
        rtc = new Mc146818Rtc(rtcClock(machine, config.rtc()), rtcTimeBase(machine, config.rtc()), machine.events(),
                machine.requests(), rtcLines.output(0), config.rtcQomPath(), 2000, config.rtc().lostTickPolicy());
        io.map(Mc146818Rtc.PORT, 2, rtc.ports(), "rtc");
        long below = ramBytes >= MAX_RAM_BELOW_4G ? GIGABYTE_ALIGNED_BELOW_4G : Math.max(ramBytes, 0);
        PcCmos cmos = PcCmos.init(rtc, below, Math.max(ramBytes, 0) - below, machine.vcpus().vcpus().size(), config);
        machine.addSuspendNotifier(rtc::suspended);
        machine.addResetHandler(cause -> {
            pci.reset();
            kbc.reset();
            port92.reset();
            rtc.reset();
            cmos.reset();
        });
        machine.addPowerdownNotifier(pm::powerButton);
        machine.addWakeupNotifier(pm::wakeup);
    }

    /** {@code rtc_clock}: the virtual clock for {@code clock=vm}, else host time. */
    private static Clock rtcClock(final Machine machine, final RtcConfig rtc) {
        return rtc.clock() == RtcConfig.ClockType.VM ? machine.virtualClock() : machine.hostClock();
    }

    /**
     * The RTC's reference clocks. With stepped virtual time (qtest) host time is the stand-in
     * {@link Machine#hostClock()} moves, starting at the host's wall time cut to the second, so a
     * {@code base=DATE} RTC reads the same at every run.
     */
    private static RtcTimeBase rtcTimeBase(final Machine machine, final RtcConfig rtc) {
        Clock host = machine.hostClock();
        VirtualClock virtual = machine.virtualClock();
        LongSupplier hostMs;
        if (virtual.mode() == VirtualClock.Mode.STEPPED) {
            long origin = System.currentTimeMillis() / 1000 * 1000;
            hostMs = () -> origin + host.nowNs() / 1_000_000;
        } else {
            hostMs = System::currentTimeMillis;
        }
        ZoneId zone = rtc.base() == RtcConfig.Base.LOCALTIME ? ZoneId.systemDefault() : ZoneOffset.UTC;
        return new RtcTimeBase(rtc, zone, hostMs, () -> host.nowNs() / 1_000_000,
                () -> virtual.nowNs() / 1_000_000);
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
     * Builds the platform for {@code machine} with QEMU's defaults ({@link Config#defaults} for the
     * machine's vCPUs) and registers its reset handler and notifiers. The
     * machine should be built with {@code wakeupSupported(true)} (the ACPI core registers wakeup
     * support) and {@code nmi(NmiHandler.ALL_VCPUS)}.
     *
     * @param machine the machine, not yet started or started
     * @param ramBytes the RAM size reported by the host bridge
     * @return the platform
     */
    public static PcPlatform install(final Machine machine, final long ramBytes) {
        return install(machine, ramBytes, Config.defaults(machine.vcpus().vcpus().size()));
    }

    /**
     * Builds the platform for {@code machine} with the RTC, boot order and CMOS of {@code config}.
     *
     * @param machine the machine, not yet started
     * @param ramBytes the RAM size
     * @param config the firmware configuration
     * @return the platform
     * @throws IllegalArgumentException with QEMU's message for a boot order the pc cannot take
     *     ({@code Too many boot devices for PC}, {@code Invalid boot device for PC: 'x'})
     */
    public static PcPlatform install(final Machine machine, final long ramBytes, final Config config) {
        return new PcPlatform(machine, ramBytes, Objects.requireNonNull(config, "config"));
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
        return pci.place(function, devfn);
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
     * The RTC.
     *
     * @return the RTC
     */
    Mc146818Rtc rtc() {
        return rtc;
    }

    /**
     * QMP {@code rtc-reset-reinjection} ({@code qmp_rtc_reset_reinjection}): the RTC forgets the
     * periodic interrupts it still owes the guest under {@code -rtc driftfix=slew}.
     */
    public void rtcResetReinjection() {
        rtc.resetReinjection();
    }

    /**
     * The RTC's QOM path, which RTC_CHANGE names.
     *
     * @return the path
     */
    public String rtcQomPath() {
        return rtc.qomPath();
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
