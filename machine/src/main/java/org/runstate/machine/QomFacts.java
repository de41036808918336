package org.runstate.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runstate.core.Machine;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.machine.chardev.Chardev;
import org.runstate.machine.chardev.Chardevs;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.qom.ObjectStore;
import org.runstate.machine.qom.VmView;
import org.runstate.qmp.QmpError;

/**
 * What the QOM and machine queries ({@link org.runstate.machine.qom.QomCommands}) read about the
 * machine the launcher built: the board registry's facts for this target, the configuration, and
 * the devices, vCPUs, chardevs and objects as they are when a command runs.
 */
final class QomFacts {
    private QomFacts() {
    }

    /**
     * Describes the machine; adds to the object registry the RAM backend QEMU would create by
     * default, and marks the machine's backend as in use.
     *
     * @param c the configuration
     * @param board the machine type
     * @param accel the accelerator
     * @param cpu the CPU options
     * @param cpus the vCPU count
     * @param ram the RAM size
     * @param objects the {@code -object}s
     * @param chardevs the chardevs
     * @param machine the machine
     * @return the view
     * @throws CliError QEMU's message when a {@code -object} took the default RAM backend's id
     */
    static VmView of(final LaunchConfig c, final Board board, final String accel, final CpuOptions cpu,
            final int cpus, final long ram, final UserObjects objects, final Chardevs chardevs, final Machine machine) {
        ObjectStore store = objects.store();
        store.setVcpus(cpus);
        String backend = c.machine.get("memory-backend");
        if (backend != null) {
            store.markInUse(backend);
        } else if (ram > 0 && board.defaultRamId() != null) {
            if (store.find(board.defaultRamId()).isPresent()) {
                throw new CliError("object name '" + board.defaultRamId() + "' is reserved for the default RAM "
                        + "backend, it can't be used for any other purposes. Change the object's 'id' to something else");
            }
            try {
                store.addDefaultRam(board.defaultRamId(), ram);
            } catch (QmpError e) {
                throw new CliError(e.getMessage());
            }
        }
        List<Board> target = Boards.all().stream().filter(b -> b.arch().equals(board.arch())).toList();
        List<VmView.DeviceType> deviceTypes = new ArrayList<>();
        for (Board b : target) {
            for (DeviceType t : b.deviceTypes()) {
                if (deviceTypes.stream().noneMatch(d -> d.name().equals(t.name()))) {
                    deviceTypes.add(view(t));
                }
            }
        }
        CpuTopology topology = CpuTopology.of(c.smp, cpus);
        return new VmView(board.arch(), view(board), target.stream().map(QomFacts::view).toList(),
                Map.copyOf(c.machine), MachineOptions.acceptedProperties(), accel, board.cpuModels(),
                board.cpuTypeSuffix(), cpu.model(), cpu.hvCrash(), List.copyOf(deviceTypes),
                () -> board.plugged.stream().map(QomFacts::view).toList(),
                () -> machine.vcpus().vcpus().stream().map(v -> view(board, topology, v)).toList(),
                () -> chardevs.all().stream().map(QomFacts::view).toList(), store, machine);
    }

    private static VmView.MachineType view(final Board b) {
        return new VmView.MachineType(b.name(), b.alias(), b.qomParent(), b.isTargetDefault(), b.maxCpus(),
                b.defaultCpuType(), b.defaultRamId());
    }

    private static VmView.DeviceType view(final DeviceType t) {
        List<VmView.Property> props = new ArrayList<>();
        for (DeviceType.Property p : t.properties()) {
            Object d = p.defaultObject();
            JsonNode dflt = d == null ? null : d instanceof Long l ? JsonNodeFactory.instance.numberNode(l)
                    : d instanceof Boolean bo ? JsonNodeFactory.instance.booleanNode(bo)
                    : JsonNodeFactory.instance.textNode(d.toString());
            props.add(new VmView.Property(p.name(), p.type(), p.description() == null || p.description().isEmpty()
                    ? null : p.description(), dflt));
        }
        return new VmView.DeviceType(t.name(), t.qomParent(), t.bus(), props);
    }

    /** A plugged device with each property's value: as given, or the default; {@code addr} where it went. */
    private static VmView.Device view(final Board.PluggedDevice d) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (DeviceType.Property p : d.type().properties()) {
            if (p.name().equals("addr")) {
                values.put("addr", (long) d.pciDevfn());
            } else if (p.type().matches("u?int(8|16|32)")) {
                long max = p.type().endsWith("8") ? 0xff : p.type().endsWith("16") ? 0xffff : 0xffff_ffffL;
                values.put(p.name(), d.spec().number(p.name(), p.defaultObject() == null ? 0L : (Long) p.defaultObject(), max));
            } else {
                Object given = d.spec().properties().get(p.name());
                values.put(p.name(), given == null ? p.defaultObject() : given.toString());
            }
        }
        return new VmView.Device(view(d.type()), d.spec().id(), values);
    }

    private static VmView.Cpu view(final Board board, final CpuTopology topology, final Vcpu v) {
        int i = v.index();
        return new VmView.Cpu(i, board.cpuQomPath(i), v.hostThreadId(), board.cpuProps(topology, i),
                board.s390CpuState(i));
    }

    private static VmView.Chardev view(final Chardev c) {
        return new VmView.Chardev(c.id(), c.qomType(), c.filename(), c.frontendOpen());
    }
}
