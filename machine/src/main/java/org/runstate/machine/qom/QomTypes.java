package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The QOM types of runstate-vm, with QEMU's names, parents and property lists cut to what
 * runstate-vm has: {@code object}, {@code container}, the accelerators, the machine types of the
 * target and their abstract parents, the device types with their buses, the CPU types, the
 * user-creatable objects and the chardev backends.
 */
public final class QomTypes {
    /** The RAM backend type. */
    public static final String MEMORY_BACKEND_RAM = "memory-backend-ram";
    /** The secret type. */
    public static final String SECRET = "secret";
    /** The interface of types {@code object-add} creates. */
    static final String USER_CREATABLE = "user-creatable";

    private static final VmView.Property TYPE = prop("type", "string", null);
    private static final List<VmView.Property> DEVICE = List.of(TYPE, prop("realized", "bool", null),
            prop("hotplugged", "bool", null), prop("hotpluggable", "bool", null));
    private static final List<VmView.Property> MEMORY_BACKEND = List.of(TYPE,
            prop("share", "bool", "Mark the memory as private to QEMU or shared"),
            prop("size", "int", "Size of the memory region (ex: 500M)"),
            prop("dump", "bool", "Set to 'off' to exclude from core dump"),
            prop("prealloc-threads", "int", "Number of CPU threads to use for prealloc"),
            prop("x-use-canonical-path-for-ramblock-id", "bool", null),
            prop("policy", "HostMemPolicy", "Set the NUMA policy"),
            prop("prealloc-context", "link<thread-context>", "Context to use for creating CPU threads for preallocation"),
            prop("prealloc", "bool", "Preallocate memory"),
            prop("reserve", "bool", "Reserve swap space (or huge pages) if applicable"),
            prop("host-nodes", "int", "Binds memory to the list of NUMA host nodes"),
            prop("merge", "bool", "Mark memory as mergeable"));
    /** QEMU 7.2's {@code memory-backend-file} properties, in its order: the backend's, then the file's. */
    private static final List<VmView.Property> MEMORY_BACKEND_FILE = Stream.concat(MEMORY_BACKEND.stream(),
            Stream.of(prop("readonly", "bool", null), prop("align", "int", null), prop("pmem", "bool", null),
                    prop("mem-path", "string", null), prop("discard-data", "bool", null))).toList();
    private static final List<VmView.Property> SECRET_COMMON = List.of(TYPE, prop("iv", "string", null),
            prop("keyid", "string", null), prop("loaded", "bool", null),
            prop("format", "QCryptoSecretFormat", null));
    /** QEMU's machine class properties, in its order; only those {@code -machine} accepts are listed. */
    private static final List<VmView.Property> MACHINE = List.of(
            prop("graphics", "bool", "Set on/off to enable/disable graphics emulation"),
            prop("usb", "bool", "Set on/off to enable/disable usb"),
            prop("dump-guest-core", "bool", "Include guest memory in a core dump"),
            prop("memory-backend", "link<memory-backend>", "Set RAM backendValid value is ID of hostmem based backend"),
            prop("mem-merge", "bool", "Enable/disable memory merge support"),
            prop("suppress-vmdesc", "bool", "Set on to disable self-describing migration"));
    private static final List<VmView.Property> X86_MACHINE = List.of(prop("acpi", "OnOffAuto", "Enable ACPI"));
    private static final List<VmView.Property> PC_MACHINE = List.of(
            prop("vmport", "OnOffAuto", "Enable vmport (pc & q35)"),
            prop("hpet", "bool", "Enable/disable high precision event timer emulation"));
    private static final VmView.Property PERIPHERAL = prop("peripheral", "child<container>", null);
    private static final VmView.Property PERIPHERAL_ANON = prop("peripheral-anon", "child<container>", null);
    /** The x86 CPU properties runstate-vm models, in QEMU's order. */
    private static final List<VmView.Property> X86_CPU = List.of(prop("die-id", "int32", null),
            prop("apic-id", "uint32", null), prop("hv-crash", "bool", "on/off"), prop("thread-id", "int32", null),
            prop("socket-id", "int32", null), prop("core-id", "int32", null));

    private final Map<String, QomType> byName = new LinkedHashMap<>();
    /** Classes whose properties are answered although runstate-vm lacks them; see {@link #unlisted}. */
    private final Map<String, QomType> unlisted = new LinkedHashMap<>();

    private QomTypes() {
    }

    /**
     * The types of a machine.
     *
     * @param vm the machine
     * @return the types
     */
    public static QomTypes of(final VmView vm) {
        QomTypes t = new QomTypes();
        t.add("object", null, true, List.of(TYPE));
        t.byName.put("interface", new QomType("interface", null, true, List.of(), List.of(), true));
        t.byName.put(USER_CREATABLE, new QomType(USER_CREATABLE, "interface", true, List.of(), List.of(), true));
        t.add("container", "object", false, List.of(TYPE));
        t.add("accel", "object", true, List.of(TYPE));
        t.add("tcg-accel", "accel", false, List.of(TYPE, prop("thread", "string", null)));
        t.add("qtest-accel", "accel", false, List.of(TYPE));
        t.machines(vm);
        t.devices(vm);
        t.cpus(vm);
        t.byName.put("memory-backend", new QomType("memory-backend", "object", true, List.of(USER_CREATABLE),
                MEMORY_BACKEND, false));
        t.add(MEMORY_BACKEND_RAM, "memory-backend", false, MEMORY_BACKEND);
        t.byName.put("secret_common", new QomType("secret_common", "object", true, List.of(USER_CREATABLE),
                SECRET_COMMON, false));
        t.add(SECRET, "secret_common", false, Stream.concat(SECRET_COMMON.stream(),
                Stream.of(prop("file", "string", null), prop("data", "string", null))).toList());
        t.add("chardev", "object", true, List.of(TYPE));
        t.add("chardev-socket", "chardev", false, List.of(TYPE));
        t.add("chardev-null", "chardev", false, List.of(TYPE));
        t.unlisted.put("memory-backend-file", new QomType("memory-backend-file", "memory-backend", false,
                List.of(), MEMORY_BACKEND_FILE, false));
        return t;
    }

    private void machines(final VmView vm) {
        List<VmView.Property> machine = accepted(vm, MACHINE);
        add("machine", "object", true, with(List.of(TYPE), machine));
        List<VmView.Property> x86 = with(machine, accepted(vm, X86_MACHINE));
        List<VmView.Property> pc = with(x86, accepted(vm, PC_MACHINE));
        for (VmView.MachineType m : vm.machineTypes()) {
            switch (m.qomParent()) {
                case "generic-pc-machine" -> {
                    add("x86-machine", "machine", true, with(List.of(TYPE), x86));
                    add("generic-pc-machine", "x86-machine", true, with(List.of(TYPE), pc));
                    add(m.qomType(), m.qomParent(), false, with(with(List.of(TYPE), pc), List.of(PERIPHERAL,
                            PERIPHERAL_ANON)));
                }
                case "machine" -> add(m.qomType(), "machine", false, with(with(List.of(TYPE), machine),
                        List.of(PERIPHERAL_ANON, PERIPHERAL)));
                default -> {
                    add(m.qomParent(), "machine", true, with(List.of(TYPE), machine));
                    add(m.qomType(), m.qomParent(), false, with(with(List.of(TYPE), machine),
                            List.of(PERIPHERAL_ANON, PERIPHERAL)));
                }
            }
        }
    }

    private void devices(final VmView vm) {
        add("device", "object", true, DEVICE);
        if (vm.deviceTypes().isEmpty()) {
            return;
        }
        add("bus", "object", true, List.of(TYPE, prop("realized", "bool", null)));
        for (VmView.DeviceType d : vm.deviceTypes()) {
            add(d.bus(), "bus", false, List.of(TYPE, prop("realized", "bool", null)));
            add(d.qomParent(), "device", true, DEVICE);
            add(d.name(), d.qomParent(), false, with(DEVICE, d.properties()));
        }
    }

    private void cpus(final VmView vm) {
        String abstractCpu = vm.cpuTypeSuffix().substring(1);
        List<VmView.Property> own = abstractCpu.equals("x86_64-cpu") ? X86_CPU : List.of(prop("core-id", "int32",
                null));
        add("cpu", "device", true, DEVICE);
        add(abstractCpu, "cpu", true, with(DEVICE, own));
        for (String model : vm.cpuModels()) {
            add(model + vm.cpuTypeSuffix(), abstractCpu, false, with(DEVICE, own));
        }
    }

    /** The properties of {@code all} that {@code -machine} accepts. */
    private static List<VmView.Property> accepted(final VmView vm, final List<VmView.Property> all) {
        return all.stream().filter(p -> vm.machineProperties().contains(p.name())).toList();
    }

    private static List<VmView.Property> with(final List<VmView.Property> a, final List<VmView.Property> b) {
        List<VmView.Property> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void add(final String name, final String parent, final boolean isAbstract,
            final List<VmView.Property> properties) {
        byName.putIfAbsent(name, new QomType(name, parent, isAbstract, List.of(), properties, false));
    }

    static VmView.Property prop(final String name, final String type, final String description) {
        return new VmView.Property(name, type, description, (JsonNode) null);
    }

    /**
     * A type by name.
     *
     * @param name the type name
     * @return the type, if runstate-vm has it
     */
    public Optional<QomType> find(final String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * A class runstate-vm does not have but whose properties {@code qom-list-properties} answers with
     * QEMU 7.2's list: {@code memory-backend-file}. libvirt 9.0 asks for it on every probe, without a
     * condition, and crashes on QEMU's answer for a missing class (DeviceNotFound leaves
     * {@code qemuMonitorJSONGetObjectProps}' list NULL, which {@code virQEMUCapsProcessStringFlags}
     * dereferences). It is not listed by {@code qom-list-types} and cannot be created: a domain
     * that needs it (file-backed memory) fails at start.
     *
     * @param name the type name
     * @return the class, if it is one of these
     */
    public Optional<QomType> unlisted(final String name) {
        return Optional.ofNullable(unlisted.get(name));
    }

    /**
     * Every type, parents before children.
     *
     * @return the types
     */
    public List<QomType> all() {
        return List.copyOf(byName.values());
    }

    /**
     * {@code object_class_dynamic_cast}: whether {@code type} is {@code target}, descends from it
     * or implements it.
     *
     * @param type a type name
     * @param target a type or interface name
     * @return true if a {@code type} object is a {@code target}
     */
    public boolean isA(final String type, final String target) {
        for (QomType t = byName.get(type); t != null; t = t.parent() == null ? null : byName.get(t.parent())) {
            if (t.name().equals(target) || t.interfaces().contains(target)) {
                return true;
            }
        }
        return false;
    }
}
