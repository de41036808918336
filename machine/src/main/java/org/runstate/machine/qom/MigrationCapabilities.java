package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runstate.core.Machine;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.core.qapi.RunState;
import org.runstate.qmp.QmpError;
import org.runstate.qmp.QmpServer;

/**
 * {@code query-migrate-capabilities} and {@code migrate-set-capabilities}: QEMU 7.2's
 * {@code MigrationCapability} flags, all off at start, stored and reported. Nothing migrates here,
 * so no migration is ever active; {@code migrate_caps_check}'s rules apply as in Debian's build
 * (block migration and COLO compiled in, Linux), and what runstate-vm cannot do is refused with
 * QEMU's words for a host that cannot: {@code postcopy-ram} while incoming and
 * {@code background-snapshot} (no write-trackable guest memory).
 */
final class MigrationCapabilities {
    private final Machine machine;
    /** Capability to state, in the enum's order; read and written on the control thread. */
    private final Map<String, Boolean> enabled = new LinkedHashMap<>();

    MigrationCapabilities(final Machine machine, final QapiSchema schema) {
        this.machine = machine;
        EnumDefinition caps = (EnumDefinition) schema.find("MigrationCapability").orElseThrow();
        caps.values().forEach(c -> enabled.put(c, false));
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "query-migrate-capabilities", args -> query());
        server.register(schema, "migrate-set-capabilities", args -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) args.get("capabilities");
            set(list);
            return null;
        });
    }

    private ArrayNode query() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        enabled.forEach((c, on) -> out.addObject().put("capability", c).put("state", on));
        return out;
    }

    /** {@code qmp_migrate_set_capabilities}: all or nothing. */
    private void set(final List<Map<String, Object>> params) {
        Map<String, Boolean> caps = new LinkedHashMap<>(enabled);
        for (Map<String, Object> p : params) {
            caps.put((String) p.get("capability"), (Boolean) p.get("state"));
        }
        check(caps, enabled.get("postcopy-ram"), machine.runState() == RunState.INMIGRATE);
        enabled.putAll(caps);
    }

    /** {@code migrate_caps_check}, in QEMU's order. */
    private static void check(final Map<String, Boolean> c, final boolean oldPostcopy, final boolean incoming) {
        if (c.get("postcopy-ram")) {
            if (!oldPostcopy && incoming) {
                throw QmpError.generic("Postcopy is not supported");
            }
            if (c.get("x-ignore-shared")) {
                throw QmpError.generic("Postcopy is not compatible with ignore-shared");
            }
        }
        if (c.get("background-snapshot")) {
            throw QmpError.generic("Background-snapshot is not compatible with guest memory configuration");
        }
        if (c.get("zero-copy-send") && (!c.get("multifd") || c.get("compress") || c.get("xbzrle"))) {
            throw QmpError.generic("Zero copy only available for non-compressed non-TLS multifd migration");
        }
        if (c.get("postcopy-preempt")) {
            if (!c.get("postcopy-ram")) {
                throw QmpError.generic("Postcopy preempt requires postcopy-ram");
            }
            if (c.get("compress")) {
                throw QmpError.generic("Postcopy preempt not compatible with compress");
            }
        }
        if (c.get("multifd") && c.get("compress")) {
            throw QmpError.generic("Multifd is not compatible with compress");
        }
    }
}
