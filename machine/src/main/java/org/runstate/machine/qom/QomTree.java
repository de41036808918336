package org.runstate.machine.qom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.runstate.machine.cli.QemuValues;
import org.runstate.qmp.QmpError;

/**
 * The QOM composition tree of a running runstate-vm, built when a command reads it: {@code /}
 * with {@code objects} (once an object was created), {@code machine} and {@code chardevs};
 * {@code /machine} with {@code peripheral} (devices with an {@code id}), {@code peripheral-anon}
 * and {@code unattached} (the CPUs, at QEMU's paths). Paths resolve as QEMU's
 * {@code object_resolve_path} does: absolute ones component by component, partial ones anywhere in
 * the tree, unique or ambiguous.
 */
final class QomTree {
    private final QomObject root = new QomObject("/", "container");

    private QomTree() {
    }

    /**
     * Builds the tree as it is now.
     *
     * @param vm the machine
     * @param types its types
     * @return the tree
     */
    static QomTree of(final VmView vm, final QomTypes types) {
        QomTree t = new QomTree();
        QomObject objects = vm.objects().containerCreated() ? t.root.child("objects", "container") : null;
        QomObject machine = t.root.child("machine", vm.machineType().qomType());
        QomObject chardevs = t.root.child("chardevs", "container");
        if (objects != null) {
            for (ObjectStore.UserObject o : vm.objects().all()) {
                QomObject obj = objects.child(o.id(), o.type());
                for (VmView.Property p : types.find(o.type()).orElseThrow().properties()) {
                    if (!p.name().equals("type")) {
                        obj.prop(p.name(), p.type(), () -> o.values().get(p.name()));
                    }
                }
            }
        }
        for (VmView.Chardev c : vm.chardevs().get()) {
            chardevs.child(c.id(), c.qomType());
        }
        t.machine(machine, vm, types, objects);
        return t;
    }

    private void machine(final QomObject m, final VmView vm, final QomTypes types, final QomObject objects) {
        QomObject peripheral = null;
        QomObject anon = null;
        for (VmView.Property p : types.find(m.type()).orElseThrow().properties()) {
            switch (p.name()) {
                case "type" -> { }
                case "peripheral" -> peripheral = m.child("peripheral", "container");
                case "peripheral-anon" -> anon = m.child("peripheral-anon", "container");
                case "memory-backend" -> {
                    String id = vm.machineOptions().getOrDefault("memory-backend", vm.machineType().defaultRamId());
                    m.link(p.name(), "memory-backend", objects == null || id == null ? null
                            : objects.component(id).orElse(null));
                }
                default -> m.prop(p.name(), p.type(), () -> machineValue(vm.machineOptions(), p));
            }
        }
        QomObject unattached = m.child("unattached", "container");
        int anonymous = 0;
        for (VmView.Device d : vm.devices().get()) {
            QomObject dev = d.id() != null ? peripheral.child(d.id(), d.type().name())
                    : anon.child("device[" + anonymous++ + "]", d.type().name());
            deviceState(dev);
            d.type().properties().forEach(p -> dev.prop(p.name(), p.type(), () -> d.values().get(p.name())));
        }
        String cpuType = vm.cpuModel() + vm.cpuTypeSuffix();
        for (VmView.Cpu c : vm.cpus().get()) {
            String name = c.qomPath().substring(c.qomPath().lastIndexOf('/') + 1);
            QomObject cpu = unattached.child(name, cpuType);
            deviceState(cpu);
            for (VmView.Property p : types.find(cpuType).orElseThrow().properties()) {
                switch (p.name()) {
                    case "type", "realized", "hotplugged", "hotpluggable" -> { }
                    case "apic-id" -> cpu.prop(p.name(), p.type(), () -> (long) c.index());
                    case "hv-crash" -> cpu.prop(p.name(), p.type(), vm::hvCrash);
                    default -> cpu.prop(p.name(), p.type(), () -> c.props().getOrDefault(p.name(), 0L));
                }
            }
        }
    }

    /** {@code DeviceState}'s own properties: realized, not hotplugged, and no hotplug in runstate-vm. */
    private static void deviceState(final QomObject dev) {
        dev.prop("realized", "bool", () -> true).prop("hotplugged", "bool", () -> false)
                .prop("hotpluggable", "bool", () -> false);
    }

    /** A machine property's value: the {@code -machine} option, or QEMU's value after board init. */
    private static Object machineValue(final Map<String, String> options, final VmView.Property p) {
        String given = options.get(p.name());
        if (p.type().equals("bool")) {
            boolean dflt = !p.name().equals("usb") && !p.name().equals("suppress-vmdesc");
            return given == null ? dflt : QemuValues.bool(p.name(), given);
        }
        if (p.name().equals("vmport")) {
            return given == null || given.equals("auto") ? "on" : given; // pc_basic_device_init resolves auto
        }
        return given == null ? "auto" : given;
    }

    /**
     * {@code object_resolve_path}.
     *
     * @param path an absolute or partial path
     * @return the object
     * @throws QmpError {@code Device 'PATH' not found} (DeviceNotFound), or
     *     {@code Path 'PATH' is ambiguous} when {@code ambiguousIsError}
     */
    QomObject resolve(final String path, final boolean ambiguousIsError) {
        List<String> parts = path.isEmpty() ? List.of() : Arrays.asList(path.split("/", -1));
        QomObject found;
        if (parts.isEmpty() || !parts.get(0).isEmpty()) {
            boolean[] ambiguous = new boolean[1];
            found = partial(root, parts, ambiguous);
            if (ambiguous[0]) {
                if (ambiguousIsError) {
                    throw QmpError.generic("Path '" + path + "' is ambiguous");
                }
                found = null;
            }
        } else {
            found = absolute(root, parts.subList(1, parts.size()));
        }
        if (found == null) {
            throw QmpError.deviceNotFound("Device '" + path + "' not found");
        }
        return found;
    }

    private static QomObject absolute(final QomObject from, final List<String> parts) {
        QomObject o = from;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            o = o.component(part).orElse(null);
            if (o == null) {
                return null;
            }
        }
        return o;
    }

    private static QomObject partial(final QomObject parent, final List<String> parts, final boolean[] ambiguous) {
        QomObject obj = absolute(parent, parts);
        for (QomObject child : new ArrayList<>(parent.children())) {
            QomObject found = partial(child, parts, ambiguous);
            if (found != null) {
                if (obj != null) {
                    ambiguous[0] = true;
                    return null;
                }
                obj = found;
            }
            if (ambiguous[0]) {
                return null;
            }
        }
        return obj;
    }
}
