package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QapiJsonEncoder;
import org.runstate.qmp.QmpError;
import org.runstate.qmp.QmpServer;

/**
 * {@code qom-list} and {@code qom-get}: the properties of an object of the QOM tree and their
 * values, with QEMU's errors ({@code Device 'PATH' not found} as DeviceNotFound,
 * {@code Path 'PATH' is ambiguous}, {@code Property 'TYPE.NAME' not found}).
 */
final class QomPathCommands {
    private final VmView vm;
    private final QomTypes types;

    QomPathCommands(final VmView vm, final QomTypes types) {
        this.vm = vm;
        this.types = types;
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "qom-list", args -> list((String) args.get("path")));
        server.register(schema, "qom-get", args -> get((String) args.get("path"), (String) args.get("property")));
    }

    /** {@code qmp_qom_list}: every property's name and type. */
    private ArrayNode list(final String path) {
        QomObject o = QomTree.of(vm, types).resolve(path, true);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (QomObject.Prop p : o.props()) {
            out.addObject().put("name", p.name()).put("type", p.type());
        }
        return out;
    }

    /** {@code qmp_qom_get}: one property's value. */
    private Object get(final String path, final String property) {
        QomObject o = QomTree.of(vm, types).resolve(path, false);
        QomObject.Prop p = o.find(property).orElseThrow(
                () -> QmpError.generic("Property '" + o.type() + "." + property + "' not found"));
        return QapiJsonEncoder.encode(p.value().get());
    }
}
