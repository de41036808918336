package org.runstate.machine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.QemuValues;

/**
 * The user-creatable objects of {@code -object}: {@code memory-backend-ram} (its {@code size}
 * is the guest RAM of a machine whose {@code memory-backend} names it) and {@code secret} (held,
 * never used: runstate-vm has nothing that decrypts). Other QOM types are refused as QEMU refuses
 * a type it does not have.
 */
final class UserObjects {
    /** The properties of each type runstate-vm accepts. */
    private static final Map<String, Set<String>> TYPES = Map.of(
            "memory-backend-ram", Set.of("size", "share", "merge", "dump", "prealloc", "prealloc-threads", "reserve",
                    "x-use-canonical-path-for-ramblock-id"),
            "secret", Set.of("data", "file", "format", "keyid", "iv", "loaded"));

    private final Map<String, Map<String, Object>> byId = new LinkedHashMap<>();

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
        for (LaunchConfig.ObjectOption o : options) {
            try {
                objects.add(o.properties());
            } catch (CliError e) {
                throw e.at(o.location());
            }
        }
        return objects;
    }

    /**
     * The size of a {@code memory-backend-ram}.
     *
     * @param id the object id
     * @return the size in bytes, or null if there is no such backend
     */
    Long memoryBackendSize(final String id) {
        Map<String, Object> o = byId.get(id);
        if (o == null || !"memory-backend-ram".equals(o.get("qom-type"))) {
            return null;
        }
        return size(o.get("size"));
    }

    private void add(final Map<String, Object> props) {
        Object type = props.get("qom-type");
        if (type == null) {
            throw new CliError("Parameter 'qom-type' is missing");
        }
        Set<String> allowed = TYPES.get(String.valueOf(type));
        if (allowed == null) {
            throw new CliError("Parameter 'qom-type' does not accept value '" + type + "'");
        }
        Object id = props.get("id");
        if (id == null) {
            throw new CliError("Parameter 'id' is missing");
        }
        for (String key : props.keySet()) {
            if (!key.equals("qom-type") && !key.equals("id") && !allowed.contains(key)) {
                throw new CliError("Property '" + type + "." + key + "' not found");
            }
        }
        if (byId.containsKey(String.valueOf(id))) {
            throw new CliError("attempt to add duplicate property '" + id + "' to object (type 'container')");
        }
        if (type.equals("memory-backend-ram")) {
            if (!props.containsKey("size") || size(props.get("size")) == 0) {
                throw new CliError("can't create backend with size 0");
            }
        } else if (!props.containsKey("data") && !props.containsKey("file")) {
            throw new CliError("Either 'file' or 'data' must be provided");
        }
        byId.put(String.valueOf(id), new LinkedHashMap<>(props));
    }

    private static long size(final Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof JsonNode n) {
            if (!n.isIntegralNumber()) {
                throw new CliError("Invalid parameter type for 'size', expected: integer");
            }
            return n.asLong();
        }
        return QemuValues.size("size", String.valueOf(v));
    }
}
