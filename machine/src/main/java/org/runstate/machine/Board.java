package org.runstate.machine;

import java.util.List;
import java.util.function.Function;
import org.runstate.core.Machine;

/**
 * A machine type runstate-vm can build ({@code -machine TYPE}): its names, limits, CPU models
 * and device types, and how to build it. The launcher's checks, {@code help} listings and
 * introspection all read these, so a machine type is described in one place.
 */
abstract class Board {
    /** What a built board gives the launcher. */
    record Built(GuestIo io, Function<String[], String> qtestExtension, org.runstate.pc.PcPlatform platform) {
    }

    /** @return the machine type name, e.g. {@code pc-i440fx-7.2} */
    abstract String name();

    /** @return the alias ({@code pc}), or null */
    abstract String alias();

    /** @return QEMU's description */
    abstract String description();

    /** @return the most vCPUs ({@code max_cpus}) */
    abstract int maxCpus();

    /** @return whether {@code -smp dies=} may exceed 1 ({@code smp_props.dies_supported}) */
    boolean diesSupported() {
        return false;
    }

    /** @return RAM without {@code -m} */
    abstract long defaultRamBytes();

    /** @return the CPU models {@code -cpu} accepts, the first the default (x86's unless overridden) */
    List<String> cpuModels() {
        return X86Cpus.MODELS;
    }

    /**
     * The {@code -cpu help} description of a model.
     *
     * @param model one of {@link #cpuModels()}
     * @return its description
     */
    String cpuDescription(final String model) {
        return X86Cpus.description(model);
    }

    /** @return the QOM type suffix of this architecture's CPUs ({@code -x86_64-cpu}) */
    String cpuTypeSuffix() {
        return X86Cpus.TYPE_SUFFIX;
    }

    /** @return the device types {@code -device} can create on this board */
    abstract List<DeviceType> deviceTypes();

    /**
     * Sets the board's machine-wide options before the machine exists.
     *
     * @param b the builder
     * @param cpus vCPU count
     * @param ramBytes guest RAM
     */
    abstract void configure(Machine.Builder b, int cpus, long ramBytes);

    /**
     * Builds the board's devices on a machine that has been built but not started.
     *
     * @param m the machine
     * @param ramBytes guest RAM
     * @param cpu the CPU options
     * @return what the launcher needs to drive it
     */
    abstract Built build(Machine m, long ramBytes, CpuOptions cpu);

    /**
     * Builds the board with the firmware options of the command line ({@code -rtc}, {@code -boot});
     * a board without an RTC or CMOS ignores them.
     *
     * @param m the machine
     * @param ramBytes guest RAM
     * @param cpu the CPU options
     * @param firmware the firmware options
     * @return what the launcher needs to drive it
     */
    Built build(final Machine m, final long ramBytes, final CpuOptions cpu, final FirmwareOptions firmware) {
        return build(m, ramBytes, cpu);
    }

    /**
     * The parent of this machine type's QOM type ({@code TYPE_MACHINE} unless overridden).
     *
     * @return the parent type name
     */
    String qomParent() {
        return "machine";
    }

    /**
     * The id of the RAM backend QEMU creates for this machine type when no {@code memory-backend}
     * is given ({@code MachineClass.default_ram_id}).
     *
     * @return the id, or null
     */
    String defaultRamId() {
        return null;
    }

    /**
     * Whether this is its target's default machine type ({@code query-machines}'s
     * {@code is-default}).
     *
     * @return true for the default
     */
    boolean isTargetDefault() {
        return false;
    }

    /**
     * The QOM type of this machine type's CPUs when {@code -cpu} is not given.
     *
     * @return the type, or null when the machine type has no default CPU
     */
    String defaultCpuType() {
        return cpuModels().get(0) + cpuTypeSuffix();
    }

    /**
     * The target of this machine type, as {@code query-target} names it.
     *
     * @return {@code x86_64} or {@code s390x}
     */
    final String arch() {
        String suffix = cpuTypeSuffix();
        return suffix.substring(1, suffix.length() - "-cpu".length());
    }

    /**
     * The QOM path QEMU gives vCPU {@code index} on this machine type.
     *
     * @param index the CPU index
     * @return the path
     */
    String cpuQomPath(final int index) {
        return "/machine/unattached/device[" + index + "]";
    }

    /**
     * The topology properties of vCPU {@code index} ({@code CpuInstanceProperties}).
     *
     * @param topology the {@code -smp} topology
     * @param index the CPU index
     * @return the properties in schema order, empty for a machine type without them
     */
    java.util.Map<String, Long> cpuProps(final CpuTopology topology, final int index) {
        return java.util.Map.of();
    }

    /**
     * The state of an s390 vCPU for {@code query-cpus-fast}.
     *
     * @param index the CPU index
     * @return the state ({@code operating}), or null on other targets
     */
    String s390CpuState(final int index) {
        return null;
    }

    /** The devices {@code -device} created on this board, in order; filled by {@link Devices}. */
    final java.util.List<PluggedDevice> plugged = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A device {@code -device} created.
     *
     * @param type its type
     * @param spec its properties as given
     * @param pciDevfn its PCI slot and function, or -1 for an ISA device
     */
    record PluggedDevice(DeviceType type, DeviceSpec spec, int pciDevfn) {
    }

    /**
     * The device type with this name.
     *
     * @param model a {@code -device} driver name
     * @return the type, or null
     */
    DeviceType deviceType(final String model) {
        return deviceTypes().stream().filter(t -> t.name().equals(model)).findFirst().orElse(null);
    }
}
