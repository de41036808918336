package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpError;
import org.runstate.qmp.QmpServer;

/**
 * {@code qom-list-types}, {@code qom-list-properties} and {@code device-list-properties}: the
 * types runstate-vm has and their properties. A type it lacks is QEMU's DeviceNotFound
 * ({@code Class 'T' not found}, {@code Device 'T' not found}), which libvirt's probe takes as
 * "no such type", except {@code memory-backend-file}, whose properties are answered because
 * libvirt 9.0 crashes without them ({@link QomTypes#unlisted}).
 */
final class TypeQueries {
    /** {@code qmp_device_list_properties} leaves out Object's and DeviceState's own properties. */
    private static final Set<String> DEVICE_STATE = Set.of("type", "realized", "hotpluggable", "hotplugged",
            "parent_bus");

    private final QomTypes types;
    private final VmView vm;

    TypeQueries(final VmView vm, final QomTypes types) {
        this.vm = vm;
        this.types = types;
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "qom-list-types", args -> listTypes((String) args.get("implements"),
                Boolean.TRUE.equals(args.get("abstract"))));
        server.register(schema, "qom-list-properties", args -> listProperties((String) args.get("typename")));
        server.register(schema, "device-list-properties", args -> deviceProperties((String) args.get("typename")));
    }

    /** {@code qmp_qom_list_types}: name, {@code abstract} when true, parent when there is one. */
    private ArrayNode listTypes(final String implementing, final boolean includeAbstract) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (QomType t : types.all()) {
            if (implementing != null && !types.isA(t.name(), implementing) || t.isAbstract() && !includeAbstract) {
                continue;
            }
            ObjectNode info = out.addObject().put("name", t.name());
            if (t.isAbstract()) {
                info.put("abstract", true);
            }
            if (t.parent() != null) {
                info.put("parent", t.parent());
            }
        }
        return out;
    }

    /** {@code qmp_qom_list_properties}: a class's properties (an abstract one's class properties). */
    private ArrayNode listProperties(final String typename) {
        QomType t = types.find(typename).or(() -> types.unlisted(typename))
                .orElseThrow(() -> QmpError.deviceNotFound("Class '" + typename + "' not found"));
        if (t.isInterface()) {
            throw QmpError.generic("Parameter 'typename' expects a QOM type");
        }
        return properties(t.properties(), false);
    }

    /** {@code qmp_device_list_properties}: the settable properties of a concrete device type. */
    private ArrayNode deviceProperties(final String typename) {
        QomType t = types.find(typename)
                .orElseThrow(() -> QmpError.deviceNotFound("Device '" + typename + "' not found"));
        if (!types.isA(typename, "device") || t.isAbstract()) {
            throw QmpError.generic("Parameter 'typename' expects a non-abstract device type");
        }
        List<VmView.Property> props = t.properties().stream().filter(p -> !DEVICE_STATE.contains(p.name())).toList();
        List<VmView.Property> withDefaults = vm.deviceTypes().stream().filter(d -> d.name().equals(typename))
                .findFirst().map(VmView.DeviceType::properties).orElse(props);
        return properties(withDefaults, true);
    }

    /** {@code ObjectPropertyInfo}s: name, type, description when there is one, and the default if asked. */
    private static ArrayNode properties(final List<VmView.Property> props, final boolean defaults) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (VmView.Property p : props) {
            ObjectNode info = out.addObject().put("name", p.name()).put("type", p.type());
            if (p.description() != null) {
                info.put("description", p.description());
            }
            if (defaults && p.defaultValue() != null) {
                info.set("default-value", p.defaultValue());
            }
        }
        return out;
    }
}
