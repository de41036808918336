package org.runstate.qmp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.Definition;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.qmp.schema.QapiSchema.EventDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
import org.runstate.qmp.schema.QapiSchema.UnionDefinition;
import org.runstate.qmp.schema.QapiSchema.Variant;

/**
 * The answer to {@code query-qmp-schema}, generated the way QEMU's scripts/qapi/introspect.py
 * does: the served commands and the events in schema order, then every type they use in order of
 * first use. Type names other than builtins, commands and events are masked as decimal strings
 * ({@code "0"} is the empty object used for "no arguments" and "no return"), arrays are named
 * {@code "[element]"}, integer types all appear as {@code int}, optional members carry
 * {@code "default": null}, enums list both {@code members} and the legacy {@code values}, and
 * features are listed on entries, object members and enum members that have any; a boxed command's
 * {@code arg-type} is its boxed type.
 */
final class QmpIntrospection {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String EMPTY_OBJECT = "q_empty";
    private static final Map<String, String> BUILTIN_JSON_TYPES = Map.of(
            "str", "string", "int", "int", "bool", "boolean", "any", "value", "null", "null", "number", "number");

    private final QapiSchema schema;
    private final Map<String, String> masked = new HashMap<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private final Set<String> used = new HashSet<>();
    /** Implicit argument types of commands and events, by their QEMU names ({@code q_obj_X-arg}). */
    private final Map<String, List<Member>> implicit = new HashMap<>();
    private final ArrayNode out = NODES.arrayNode();

    private QmpIntrospection(final QapiSchema schema) {
        this.schema = schema;
    }

    /**
     * Builds the list.
     *
     * @param schema every definition we know
     * @param served the command names the server answers
     * @return the SchemaInfo list
     */
    static ArrayNode build(final QapiSchema schema, final Collection<String> served) {
        QmpIntrospection gen = new QmpIntrospection(schema);
        for (Definition d : schema.definitions()) {
            if (d instanceof CommandDefinition c && served.contains(c.name())) {
                gen.command(c);
            } else if (d instanceof EventDefinition e) {
                gen.event(e);
            }
        }
        while (!gen.pending.isEmpty()) {
            gen.type(gen.pending.removeFirst());
        }
        return gen.out;
    }

    private void command(final CommandDefinition c) {
        ObjectNode o = NODES.objectNode();
        o.put("arg-type", use(c.boxed() != null ? c.boxed() : argType("q_obj_" + c.name() + "-arg", c.members())));
        o.put("ret-type", use(c.returns() == null ? EMPTY_OBJECT : c.returns()));
        tree(o, c.name(), "command", c.features());
    }

    private void event(final EventDefinition e) {
        ObjectNode o = NODES.objectNode();
        o.put("arg-type", use(argType("q_obj_" + e.name() + "-arg", e.members())));
        tree(o, e.name(), "event", e.features());
    }

    private String argType(final String name, final List<Member> members) {
        if (members.isEmpty()) {
            return EMPTY_OBJECT;
        }
        implicit.put(name, members);
        return name;
    }

    private void type(final String name) {
        if (name.startsWith("[")) {
            String element = use(name.substring(1, name.length() - 1));
            ObjectNode o = NODES.objectNode();
            o.put("element-type", element);
            tree(o, "[" + element + "]", "array", List.of());
            return;
        }
        String json = BUILTIN_JSON_TYPES.get(name);
        if (json != null) {
            ObjectNode o = NODES.objectNode();
            o.put("json-type", json);
            tree(o, name, "builtin", List.of());
            return;
        }
        if (name.equals(EMPTY_OBJECT)) {
            objectType(name, List.of(), null, List.of());
            return;
        }
        if (implicit.containsKey(name)) {
            objectType(name, implicit.get(name), null, List.of());
            return;
        }
        Definition d = schema.find(name).orElseThrow(() -> new IllegalStateException("unknown type " + name));
        if (d instanceof EnumDefinition e) {
            ObjectNode o = NODES.objectNode();
            ArrayNode members = o.putArray("members");
            e.values().forEach(v -> features(members.addObject().put("name", v), e.featuresOf(v)));
            ArrayNode values = o.putArray("values");
            e.values().forEach(values::add);
            tree(o, masked(name), "enum", e.features());
        } else if (d instanceof StructDefinition s) {
            objectType(name, s.members(), null, s.features());
        } else if (d instanceof UnionDefinition u) {
            objectType(name, u.base(), u, u.features());
        } else {
            throw new IllegalStateException(name + " is not a type");
        }
    }

    private void objectType(final String name, final List<Member> members, final UnionDefinition union,
            final List<String> features) {
        ObjectNode o = NODES.objectNode();
        ArrayNode list = o.putArray("members");
        for (Member m : members) {
            ObjectNode mo = list.addObject();
            mo.put("name", m.name());
            mo.put("type", use(m.type()));
            if (m.optional()) {
                mo.set("default", NODES.nullNode());
            }
            features(mo, m.features());
        }
        if (union != null) {
            o.put("tag", union.discriminator());
            ArrayNode variants = o.putArray("variants");
            for (Variant v : union.variants()) {
                ObjectNode vo = variants.addObject();
                vo.put("case", v.caseName());
                vo.put("type", use(v.type()));
            }
        }
        tree(o, masked(name), "object", features);
    }

    /**
     * {@code _use_type}: queue the type once, and return the name clients see. Every integer type
     * is {@code int}, every array of integers {@code [int]}.
     */
    private String use(final String type) {
        String t = isIntType(type) ? "int" : type;
        if (t.startsWith("[") && isIntType(t.substring(1, t.length() - 1))) {
            t = "[int]";
        }
        if (used.add(t)) {
            pending.addLast(t);
        }
        if (BUILTIN_JSON_TYPES.containsKey(t)) {
            return t;
        }
        if (t.startsWith("[")) {
            return "[" + use(t.substring(1, t.length() - 1)) + "]";
        }
        return masked(t);
    }

    private String masked(final String name) {
        return masked.computeIfAbsent(name, n -> Integer.toString(masked.size()));
    }

    private static boolean isIntType(final String type) {
        return type.matches("u?int(8|16|32|64)?|size");
    }

    /** {@code _gen_tree}: name, meta-type and, when there are any, features. */
    private void tree(final ObjectNode o, final String name, final String metaType, final List<String> features) {
        o.put("name", name);
        o.put("meta-type", metaType);
        features(o, features);
        out.add(o);
    }

    private static void features(final ObjectNode o, final List<String> features) {
        if (!features.isEmpty()) {
            ArrayNode list = o.putArray("features");
            features.forEach(list::add);
        }
    }
}
