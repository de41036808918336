package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.runstate.core.Machine;

/**
 * What the QOM and machine queries answer about: the machine runstate-vm built, read from the
 * launcher's board registry and configuration (see {@code org.runstate.machine.QomFacts}). Lists
 * that change while the machine runs are suppliers, read when a command runs.
 *
 * @param arch the target ({@code x86_64}, {@code s390x}), as {@code query-target} names it
 * @param machineType the running machine's type
 * @param machineTypes every machine type of this target, the running one included
 * @param machineOptions the {@code -machine} properties given, as strings
 * @param machineProperties the {@code -machine} properties runstate-vm accepts
 * @param accel the accelerator ({@code tcg} or {@code qtest})
 * @param cpuModels the CPU models {@code -cpu} accepts, the default first
 * @param cpuTypeSuffix the QOM suffix of this target's CPU types ({@code -x86_64-cpu})
 * @param cpuModel the {@code -cpu} model in use
 * @param hvCrash whether {@code hv-crash} is on
 * @param deviceTypes the device types {@code -device} can create on this target's machines
 * @param devices the devices {@code -device} created, in order
 * @param cpus the vCPUs, by index
 * @param chardevs the chardevs, in creation order
 * @param objects the user-creatable objects
 * @param machine the machine (its run state)
 */
public record VmView(String arch, MachineType machineType, List<MachineType> machineTypes,
        Map<String, String> machineOptions, Set<String> machineProperties, String accel, List<String> cpuModels,
        String cpuTypeSuffix, String cpuModel, boolean hvCrash, List<DeviceType> deviceTypes,
        Supplier<List<Device>> devices, Supplier<List<Cpu>> cpus, Supplier<List<Chardev>> chardevs,
        ObjectStore objects, Machine machine) {
    /**
     * A machine type.
     *
     * @param name the {@code -machine} name ({@code pc-i440fx-7.2})
     * @param alias its alias, or null
     * @param qomParent the parent of its QOM type ({@code generic-pc-machine})
     * @param isDefault whether it is this target's default
     * @param maxCpus the most vCPUs
     * @param defaultCpuType the QOM type of its CPUs without {@code -cpu}, or null (none)
     * @param defaultRamId the id of the RAM backend QEMU creates for it, or null
     */
    public record MachineType(String name, String alias, String qomParent, boolean isDefault, int maxCpus,
            String defaultCpuType, String defaultRamId) {
        /** @return the QOM type name ({@code pc-i440fx-7.2-machine}) */
        public String qomType() {
            return name + "-machine";
        }
    }

    /**
     * A device type.
     *
     * @param name the QOM type name ({@code i6300esb})
     * @param qomParent its parent ({@code pci-device}, {@code isa-device})
     * @param bus the QOM type of the bus it plugs into ({@code PCI}, {@code ISA})
     * @param properties its settable properties, in QEMU's listing order
     */
    public record DeviceType(String name, String qomParent, String bus, List<Property> properties) {
    }

    /**
     * A settable property of a type.
     *
     * @param name the name
     * @param type the QOM type ({@code int32}, {@code uint8}, ...)
     * @param description the description, or null
     * @param defaultValue the default, or null
     */
    public record Property(String name, String type, String description, JsonNode defaultValue) {
    }

    /**
     * A device {@code -device} created.
     *
     * @param type its type
     * @param id its {@code id}, or null
     * @param values the value of each of its type's properties
     */
    public record Device(DeviceType type, String id, Map<String, Object> values) {
    }

    /**
     * A vCPU.
     *
     * @param index the CPU index
     * @param qomPath its QOM path
     * @param threadId the host id of its thread
     * @param props its topology ({@code socket-id}, ...), empty when the machine has none
     * @param s390State the s390 CPU state ({@code operating}), or null on other targets
     */
    public record Cpu(int index, String qomPath, long threadId, Map<String, Long> props, String s390State) {
    }

    /**
     * A chardev.
     *
     * @param id the id ({@code label})
     * @param qomType its QOM type ({@code chardev-socket})
     * @param filename QEMU's {@code filename} of it now
     * @param frontendOpen whether a frontend (monitor, qtest) has it open
     */
    public record Chardev(String id, String qomType, String filename, boolean frontendOpen) {
    }
}
