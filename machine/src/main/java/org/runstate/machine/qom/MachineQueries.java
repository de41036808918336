package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpServer;

/**
 * {@code query-machines}, {@code query-target} and {@code query-kvm}: the machine types of this
 * target, the target, and that there is no KVM. No machine type has hot-pluggable CPUs and none
 * maps NUMA memory: runstate-vm has neither.
 */
final class MachineQueries {
    private final VmView vm;

    MachineQueries(final VmView vm) {
        this.vm = vm;
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "query-machines", args -> machines());
        server.register(schema, "query-target", args -> JsonNodeFactory.instance.objectNode().put("arch", vm.arch()));
        server.register(schema, "query-kvm", args -> JsonNodeFactory.instance.objectNode().put("enabled", false)
                .put("present", false));
    }

    /** {@code qmp_query_machines}: {@code MachineInfo} members in schema order. */
    private ArrayNode machines() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (VmView.MachineType m : vm.machineTypes()) {
            ObjectNode info = out.addObject().put("name", m.name());
            if (m.alias() != null) {
                info.put("alias", m.alias());
            }
            if (m.isDefault()) {
                info.put("is-default", true);
            }
            info.put("cpu-max", m.maxCpus()).put("hotpluggable-cpus", false).put("numa-mem-supported", false)
                    .put("deprecated", false);
            if (m.defaultCpuType() != null) {
                info.put("default-cpu-type", m.defaultCpuType());
            }
            if (m.defaultRamId() != null) {
                info.put("default-ram-id", m.defaultRamId());
            }
        }
        return out;
    }
}
