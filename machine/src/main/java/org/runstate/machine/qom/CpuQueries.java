package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpError;
import org.runstate.qmp.QmpServer;

/**
 * {@code query-cpus-fast}, {@code query-hotpluggable-cpus} and {@code query-cpu-definitions}: the
 * vCPUs with their host thread ids, QEMU paths and topology; the refusal QEMU gives on machine
 * types without CPU hotplug (runstate-vm has none); the CPU models {@code -cpu} takes.
 */
final class CpuQueries {
    private final VmView vm;

    CpuQueries(final VmView vm) {
        this.vm = vm;
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "query-cpus-fast", args -> cpus());
        server.register(schema, "query-hotpluggable-cpus", args -> {
            throw QmpError.generic("The feature 'query-hotpluggable-cpus' is not enabled");
        });
        server.register(schema, "query-cpu-definitions", args -> definitions());
    }

    /** {@code qmp_query_cpus_fast}: {@code CpuInfoFast} members in schema order. */
    private ArrayNode cpus() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (VmView.Cpu c : vm.cpus().get()) {
            ObjectNode info = out.addObject().put("cpu-index", c.index()).put("qom-path", c.qomPath())
                    .put("thread-id", c.threadId());
            if (!c.props().isEmpty()) {
                ObjectNode props = info.putObject("props");
                for (Map.Entry<String, Long> e : c.props().entrySet()) {
                    props.put(e.getKey(), e.getValue());
                }
            }
            info.put("target", vm.arch());
            if (c.s390State() != null) {
                info.put("cpu-state", c.s390State());
            }
        }
        return out;
    }

    /**
     * {@code qmp_query_cpu_definitions}: every model, in QEMU's (descending) order; an unversioned
     * model whose {@code -v1} exists is an alias of it.
     */
    private ArrayNode definitions() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<String> models = vm.cpuModels().stream().sorted(Comparator.reverseOrder()).toList();
        for (String m : models) {
            ObjectNode info = out.addObject().put("name", m).put("migration-safe", true).put("static", false);
            info.putArray("unavailable-features");
            info.put("typename", m + vm.cpuTypeSuffix());
            if (vm.cpuModels().contains(m + "-v1")) {
                info.put("alias-of", m + "-v1");
            }
            info.put("deprecated", false);
        }
        return out;
    }
}
