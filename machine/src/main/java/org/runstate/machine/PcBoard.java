package org.runstate.machine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.pc.PcPlatform;
import org.runstate.machine.cli.CliError;
import org.runstate.panic.HypervCrashMsrs;
import org.runstate.panic.Pvpanic;
import org.runstate.panic.PvpanicIsa;
import org.runstate.panic.PvpanicPci;
import org.runstate.watchdog.I6300EsbWatchdog;
import org.runstate.watchdog.Ib700Watchdog;

/**
 * {@code pc-i440fx-7.2} (alias {@code pc}): the i440FX/PIIX3/PIIX4 platform with S3 wake-up and
 * NMI to every vCPU, the RTC and CMOS ({@code -rtc}, {@code -boot}), and the i6300esb, ib700,
 * pvpanic and pvpanic-pci devices.
 */
final class PcBoard extends Board {
    private static final DeviceType.Property PCI_ADDR = new DeviceType.Property("addr", "int32",
            "Slot and optional function number, example: 06.0 or 06", "-1");
    private static final DeviceType.Property EVENTS = new DeviceType.Property("events", "uint8", "",
            String.valueOf(Pvpanic.DEFAULT_EVENTS));
    private static final List<DeviceType> DEVICES = List.of(
            new DeviceType(I6300EsbWatchdog.TYPE, "PCI", "Watchdog", "Intel 6300ESB", List.of(PCI_ADDR),
                    (p, s) -> I6300EsbWatchdog.plug(p.machine(), p.pci(), s.pciDevfn())),
            new DeviceType(Ib700Watchdog.TYPE, "ISA", "Watchdog", "iBASE 700", List.of(),
                    (p, s) -> Ib700Watchdog.plug(p.machine(), p.io())),
            new DeviceType(PvpanicIsa.TYPE, "ISA", "Misc", null, List.of(
                    new DeviceType.Property("ioport", "uint16", "", String.valueOf(PvpanicIsa.DEFAULT_IOPORT)), EVENTS),
                    (p, s) -> PvpanicIsa.plug(p.machine(), p.io(), (int) s.number("ioport", PvpanicIsa.DEFAULT_IOPORT, 0xffff),
                            (int) s.number("events", Pvpanic.DEFAULT_EVENTS, 0xff))),
            new DeviceType(PvpanicPci.TYPE, "PCI", "Misc", null, List.of(PCI_ADDR, EVENTS),
                    (p, s) -> PvpanicPci.plug(p.machine(), p.pci(), s.pciDevfn(), (int) s.number("events", Pvpanic.DEFAULT_EVENTS, 0xff))));

    @Override
    String name() {
        return "pc-i440fx-7.2";
    }

    @Override
    String alias() {
        return "pc";
    }

    @Override
    String description() {
        return "Standard PC (i440FX + PIIX, 1996)";
    }

    @Override
    int maxCpus() {
        return 255;
    }

    @Override
    boolean diesSupported() {
        return true;
    }

    @Override
    long defaultRamBytes() {
        return PcPlatform.DEFAULT_RAM;
    }

    @Override
    List<DeviceType> deviceTypes() {
        return DEVICES;
    }

    @Override
    String qomParent() {
        return "generic-pc-machine";
    }

    @Override
    String defaultRamId() {
        return "pc.ram";
    }

    @Override
    boolean isTargetDefault() {
        return true;
    }

    /** With TCG the first CPU's APIC creates {@code kvmvapic} right after it, as device[1]. */
    @Override
    String cpuQomPath(final int index) {
        return "/machine/unattached/device[" + (index == 0 ? 0 : index + 1) + "]";
    }

    /** {@code x86_topo_ids_from_idx}; {@code die-id} only with more than one die, as QEMU. */
    @Override
    Map<String, Long> cpuProps(final CpuTopology t, final int index) {
        Map<String, Long> p = new LinkedHashMap<>();
        p.put("socket-id", (long) index / (t.cores() * t.threads() * t.dies()));
        if (t.dies() > 1) {
            p.put("die-id", (long) index / (t.cores() * t.threads()) % t.dies());
        }
        p.put("core-id", (long) index / t.threads() % t.cores());
        p.put("thread-id", (long) index % t.threads());
        return p;
    }

    @Override
    void configure(final Machine.Builder b, final int cpus, final long ramBytes) {
        b.wakeupSupported(true).nmi(NmiHandler.ALL_VCPUS);
    }

    @Override
    Built build(final Machine m, final long ramBytes, final CpuOptions cpu) {
        return build(m, ramBytes, cpu, FirmwareOptions.DEFAULTS);
    }

    /** The RTC and CMOS from {@code -rtc} and {@code -boot}; a boot order the pc cannot take is QEMU's fatal error. */
    @Override
    Built build(final Machine m, final long ramBytes, final CpuOptions cpu, final FirmwareOptions fw) {
        int cpus = m.vcpus().vcpus().size();
        PcPlatform platform;
        try {
            platform = PcPlatform.install(m, ramBytes, new PcPlatform.Config(fw.rtc(),
                    fw.bootOrder() != null ? fw.bootOrder() : PcPlatform.Config.DEFAULT_BOOT_ORDER, fw.bootOnce(),
                    fw.fdBootchk(), PcPlatform.rtcQomPath(cpus, fw.hpet())));
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage());
        }
        if (cpu.hvCrash()) {
            HypervCrashMsrs.install(m, platform.msrs());
        }
        return new Built(new PcGuestIo(platform), words -> null, platform);
    }
}
