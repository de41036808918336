package org.runstate.machine.qom;

import java.util.LinkedHashMap;
import java.util.Map;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpError;
import org.runstate.qmp.QmpServer;

/**
 * {@code object-add} and {@code object-del}: user-creatable objects in the registry that
 * {@code -object} fills too. The arguments are checked against {@code ObjectOptions} (missing,
 * unexpected and mistyped members) before the store applies QEMU's object semantics.
 */
final class ObjectCommands {
    private final ObjectStore store;

    ObjectCommands(final ObjectStore store) {
        this.store = store;
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "object-add", this::add);
        server.register(schema, "object-del", args -> {
            store.delete((String) args.get("id"));
            return null;
        });
    }

    /** {@code user_creatable_add_qapi}. */
    private Object add(final Map<String, Object> args) {
        Map<String, Object> props = new LinkedHashMap<>(args);
        String type = (String) props.remove("qom-type");
        String id = (String) props.remove("id");
        if (!wellFormed(id)) {
            throw QmpError.generic("Parameter 'id' expects an identifier");
        }
        store.add(type, id, props);
        return null;
    }

    /**
     * {@code id_wellformed}: a letter, then letters, digits, {@code -}, {@code .} and {@code _}.
     *
     * @param id an object id
     * @return true if QEMU accepts it
     */
    static boolean wellFormed(final String id) {
        if (id.isEmpty() || !isAsciiLetter(id.charAt(0))) {
            return false;
        }
        for (char c : id.toCharArray()) {
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
