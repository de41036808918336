package org.runstate.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
import org.runstate.qmp.schema.QapiSchema.UnionDefinition;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.QemuValues;
import org.runstate.machine.qom.ObjectStore;
import org.runstate.machine.qom.QomCommands;
import org.runstate.qmp.QapiArgumentVisitor;
import org.runstate.qmp.QmpError;

/**
 * The user-creatable objects of {@code -object}, kept in the {@link ObjectStore} that QMP's
 * {@code object-add}/{@code object-del} use too. As in QEMU 7.2, each option is checked against
 * {@code ObjectOptions} first (the JSON form as QMP's arguments, the key=value form with keyval's
 * rules), with the option's location; then created, where errors have no location:
 * {@code memory-backend-ram} (its {@code size} is the guest RAM of a machine whose
 * {@code memory-backend} names it) and {@code secret} (held, never decrypted). Other QOM types are
 * refused as QEMU refuses a type it does not have.
 */
final class UserObjects {
    private static final QapiSchema SCHEMA = QomCommands.schema();

    private final ObjectStore store = new ObjectStore();

    private UserObjects() {
    }

    /**
     * Creates the objects in order, with QEMU's checks.
     *
     * @param options the {@code -object} arguments
     * @return the objects
     */
    static UserObjects create(final List<LaunchConfig.ObjectOption> options) {
        UserObjects objects = new UserObjects();
        Set<Object> keyvalIds = new HashSet<>();
        for (LaunchConfig.ObjectOption o : options) {
            Map<String, Object> props;
            try {
                Object optsId = o.properties().get("id");
                if (!o.json() && optsId != null && !keyvalIds.add(optsId)) {
                    throw new CliError("Duplicate ID '" + optsId + "' for object"); // QemuOpts' own check
                }
                props = o.json() ? json(o.properties()) : keyval(o.properties());
            } catch (CliError e) {
                throw e.at(o.location());
            } catch (QmpError e) {
                throw new CliError(o.location(), e.getMessage(), null);
            }
            String type = (String) props.remove("qom-type");
            String id = (String) props.remove("id");
            try {
                objects.store.add(type, id, props);
            } catch (QmpError e) {
                throw new CliError(e.getMessage());
            }
        }
        return objects;
    }

    /**
     * The registry the objects are in.
     *
     * @return the store
     */
    ObjectStore store() {
        return store;
    }

    /**
     * The size of a {@code memory-backend-ram}.
     *
     * @param id the object id
     * @return the size in bytes, or null if there is no such backend
     */
    Long memoryBackendSize(final String id) {
        return store.find(id).filter(o -> o.type().equals("memory-backend-ram"))
                .map(o -> (Long) o.values().get("size")).orElse(null);
    }

    /** The JSON form: QMP's argument checks. */
    private static Map<String, Object> json(final Map<String, Object> properties) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        // the command line keeps JSON strings as Java strings
        properties.forEach((k, v) -> args.set(k, v instanceof JsonNode n ? n : JsonNodeFactory.instance.textNode((String) v)));
        return new LinkedHashMap<>(new QapiArgumentVisitor(SCHEMA).visitBoxed("ObjectOptions", args));
    }

    /** The key=value form: keyval's visitor over {@code ObjectOptions}, members in schema order. */
    private static Map<String, Object> keyval(final Map<String, Object> properties) {
        UnionDefinition options = (UnionDefinition) SCHEMA.find("ObjectOptions").orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> visited = new HashSet<>();
        List<Member> members = new ArrayList<>(options.base());
        String type = (String) properties.get("qom-type");
        options.variants().stream().filter(v -> v.caseName().equals(type)).findFirst()
                .ifPresent(v -> members.addAll(((StructDefinition) SCHEMA.find(v.type()).orElseThrow()).members()));
        for (Member m : members) {
            visited.add(m.name());
            Object v = properties.get(m.name());
            if (v == null) {
                if (!m.optional()) {
                    throw new CliError("Parameter '" + m.name() + "' is missing");
                }
                continue;
            }
            out.put(m.name(), scalar(m, String.valueOf(v)));
        }
        for (String key : properties.keySet()) {
            if (!visited.contains(key)) {
                throw new CliError("Invalid parameter '" + key + "'");
            }
        }
        return out;
    }

    /** One keyval value of a member's type, with keyval's messages. */
    private static Object scalar(final Member m, final String v) {
        String t = m.type();
        if (t.startsWith("[")) {
            return List.of(scalar(new Member("null", t.substring(1, t.length() - 1), false), v));
        }
        switch (t) {
            case "str":
                return v;
            case "bool":
                return QemuValues.bool(m.name(), v);
            case "size":
                try {
                    return QemuValues.size(m.name(), v);
                } catch (CliError e) {
                    throw new CliError("Parameter '" + m.name() + "' expects a size value");
                }
            case "uint16", "uint32", "uint64":
                long n;
                try {
                    if (v.strip().startsWith("-")) {
                        throw new CliError("negative");
                    }
                    n = QemuValues.number(m.name(), v);
                } catch (CliError e) {
                    throw new CliError("Parameter '" + m.name() + "' expects a uint64 value");
                }
                long max = t.equals("uint16") ? 0xffffL : t.equals("uint32") ? 0xffff_ffffL : -1L;
                if (Long.compareUnsigned(n, max) > 0) {
                    throw new CliError("Parameter '" + m.name() + "' expects " + t + "_t");
                }
                return n;
            default:
                EnumDefinition e = (EnumDefinition) SCHEMA.find(t).orElseThrow();
                if (!e.values().contains(v)) {
                    throw new CliError("Parameter '" + m.name() + "' does not accept value '" + v + "'");
                }
                return v;
        }
    }
}
