package org.runstate.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code query-qmp-schema} answer the way QEMU's tests do: strictly, as
 * {@code visit_type_SchemaInfoList} with {@code error_abort} in tests/qtest/qmp-cmd-test.c (every
 * member the meta-type requires, no member it does not know, the JSON types of
 * qapi/introspect.json), then with the lookups qmp-cmd-test makes (every {@code arg-type} an
 * object, every {@code ret-type} an entry) and the other guarantees of introspect.py: every type
 * reference resolves, optional members carry {@code "default": null}, enums list the same names
 * in {@code members} and {@code values}.
 */
final class SchemaInfoStrictReader {
    private static final Set<String> META_TYPES = Set.of("builtin", "enum", "array", "object", "alternate", "command", "event");
    private static final Set<String> JSON_TYPES = Set.of("string", "number", "int", "boolean", "null", "object", "array", "value");

    private final Map<String, JsonNode> byName = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private SchemaInfoStrictReader() {
    }

    /**
     * Checks a schema.
     *
     * @param schema the {@code return} value of {@code query-qmp-schema}
     * @return every problem found, empty for a valid schema
     */
    static List<String> problems(final JsonNode schema) {
        SchemaInfoStrictReader r = new SchemaInfoStrictReader();
        if (!schema.isArray()) {
            return List.of("not an array");
        }
        for (JsonNode e : schema) {
            r.entry(e);
        }
        if (r.problems.isEmpty()) {
            schema.forEach(r::references);
        }
        return r.problems;
    }

    /** {@code visit_type_SchemaInfo}: the base members, then the variant's. */
    private void entry(final JsonNode e) {
        if (!e.isObject()) {
            problems.add("entry is not an object: " + e);
            return;
        }
        String name = string(e, "name", e);
        String meta = string(e, "meta-type", e);
        if (meta != null && !META_TYPES.contains(meta)) {
            problems.add("unknown meta-type " + meta + " in " + e);
            return;
        }
        if (name != null && byName.put(name, e) != null) {
            problems.add("duplicate name " + name);
        }
        optionalStrings(e, "features", e);
        List<String> allowed = new ArrayList<>(List.of("name", "meta-type", "features"));
        if (meta == null) {
            return;
        }
        switch (meta) {
            case "builtin" -> {
                String json = string(e, "json-type", e);
                if (json != null && !JSON_TYPES.contains(json)) {
                    problems.add("unknown json-type in " + e);
                }
                allowed.add("json-type");
            }
            case "enum" -> {
                for (JsonNode m : array(e, "members", e)) {
                    members(m, e, List.of("name", "features"));
                    string(m, "name", e);
                    optionalStrings(m, "features", e);
                }
                strings(e, "values", e);
                allowed.addAll(List.of("members", "values"));
            }
            case "array" -> {
                string(e, "element-type", e);
                allowed.add("element-type");
            }
            case "object" -> {
                for (JsonNode m : array(e, "members", e)) {
                    members(m, e, List.of("name", "type", "default", "features"));
                    string(m, "name", e);
                    string(m, "type", e);
                    optionalStrings(m, "features", e);
                }
                if (e.has("tag")) {
                    string(e, "tag", e);
                }
                if (e.has("variants")) {
                    for (JsonNode v : array(e, "variants", e)) {
                        members(v, e, List.of("case", "type"));
                        string(v, "case", e);
                        string(v, "type", e);
                    }
                }
                allowed.addAll(List.of("members", "tag", "variants"));
            }
            case "alternate" -> {
                for (JsonNode m : array(e, "members", e)) {
                    members(m, e, List.of("type"));
                    string(m, "type", e);
                }
                allowed.add("members");
            }
            case "command" -> {
                string(e, "arg-type", e);
                string(e, "ret-type", e);
                if (e.has("allow-oob") && !e.get("allow-oob").isBoolean()) {
                    problems.add("allow-oob is not a boolean in " + e);
                }
                allowed.addAll(List.of("arg-type", "ret-type", "allow-oob"));
            }
            case "event" -> {
                string(e, "arg-type", e);
                allowed.add("arg-type");
            }
            default -> throw new IllegalStateException(meta);
        }
        members(e, e, allowed);
    }

    /** The cross-entry guarantees. */
    private void references(final JsonNode e) {
        String meta = e.get("meta-type").asText();
        switch (meta) {
            case "command" -> {
                objectType(e.get("arg-type").asText(), "arg-type of " + e.get("name").asText());
                entryNamed(e.get("ret-type").asText(), "ret-type of " + e.get("name").asText());
            }
            case "event" -> objectType(e.get("arg-type").asText(), "arg-type of " + e.get("name").asText());
            case "array" -> {
                entryNamed(e.get("element-type").asText(), "element-type of " + e.get("name").asText());
                if (!e.get("name").asText().equals("[" + e.get("element-type").asText() + "]")) {
                    problems.add("array name does not match its element type: " + e);
                }
            }
            case "object" -> {
                for (JsonNode m : e.get("members")) {
                    entryNamed(m.get("type").asText(), "member " + m.get("name").asText() + " of " + e.get("name").asText());
                    if (m.has("default") && !m.get("default").isNull()) {
                        problems.add("non-null default in " + e);
                    }
                }
                if (e.has("tag") && e.get("members").findValuesAsText("name").stream().noneMatch(e.get("tag").asText()::equals)) {
                    problems.add("tag is not a member in " + e);
                }
                for (JsonNode v : e.path("variants")) {
                    objectType(v.get("type").asText(), "variant " + v.get("case").asText() + " of " + e.get("name").asText());
                }
            }
            case "enum" -> {
                List<String> names = e.get("members").findValuesAsText("name");
                List<String> values = new ArrayList<>();
                e.get("values").forEach(v -> values.add(v.asText()));
                if (!names.equals(values)) {
                    problems.add("enum members and values differ in " + e);
                }
            }
            default -> {
            }
        }
    }

    private void objectType(final String name, final String what) {
        JsonNode t = entryNamed(name, what);
        if (t != null && !t.get("meta-type").asText().equals("object")) {
            problems.add(what + " names " + name + ", which is not an object type");
        }
    }

    private JsonNode entryNamed(final String name, final String what) {
        JsonNode t = byName.get(name);
        if (t == null) {
            problems.add(what + " names " + name + ", which is not in the schema");
        }
        return t;
    }

    /** The QObject input visitor's "Parameter 'x' is unexpected". */
    private void members(final JsonNode o, final JsonNode entry, final List<String> allowed) {
        if (!o.isObject()) {
            problems.add("not an object: " + o + " in " + entry);
            return;
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                problems.add("unexpected member '" + k + "' in " + entry);
            }
        }
    }

    private String string(final JsonNode o, final String key, final JsonNode entry) {
        JsonNode v = o.get(key);
        if (v == null) {
            problems.add("missing '" + key + "' in " + entry);
            return null;
        }
        if (!v.isTextual()) {
            problems.add("'" + key + "' is not a string in " + entry);
            return null;
        }
        return v.textValue();
    }

    private JsonNode array(final JsonNode o, final String key, final JsonNode entry) {
        JsonNode v = o.get(key);
        if (v == null || !v.isArray()) {
            problems.add((v == null ? "missing '" : "not an array: '") + key + "' in " + entry);
            return JsonNodeFactory.instance.arrayNode();
        }
        return v;
    }

    private void strings(final JsonNode o, final String key, final JsonNode entry) {
        for (JsonNode s : array(o, key, entry)) {
            if (!s.isTextual()) {
                problems.add("'" + key + "' has a non-string in " + entry);
            }
        }
    }

    private void optionalStrings(final JsonNode o, final String key, final JsonNode entry) {
        if (o.has(key)) {
            strings(o, key, entry);
        }
    }
}
