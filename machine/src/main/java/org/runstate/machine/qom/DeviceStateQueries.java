package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpServer;

/**
 * {@code query-chardev}, {@code query-iothreads}, {@code query-named-block-nodes} and
 * {@code query-block}: the chardevs as they are now; and, as QEMU answers for a VM without them,
 * empty lists for I/O threads and block devices, which runstate-vm does not have.
 */
final class DeviceStateQueries {
    private final VmView vm;

    DeviceStateQueries(final VmView vm) {
        this.vm = vm;
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "query-chardev", args -> chardevs());
        server.register(schema, "query-iothreads", args -> JsonNodeFactory.instance.arrayNode());
        server.register(schema, "query-named-block-nodes", args -> JsonNodeFactory.instance.arrayNode());
        server.register(schema, "query-block", args -> JsonNodeFactory.instance.arrayNode());
    }

    /** {@code qmp_query_chardev}: {@code ChardevInfo} members in schema order. */
    private ArrayNode chardevs() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (VmView.Chardev c : vm.chardevs().get()) {
            out.addObject().put("label", c.id()).put("filename", c.filename()).put("frontend-open", c.frontendOpen());
        }
        return out;
    }
}
