package org.runstate.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.Definition;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
import org.runstate.qmp.schema.QapiSchema.UnionDefinition;
import org.runstate.qmp.schema.QapiSchema.Variant;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * QEMU's QObject input visitor for command arguments, driven by the schema so every command gets
 * the same checks and QEMU's exact messages: members are visited in schema order (the first
 * failing one decides: missing, wrong JSON type, out of range, bad enum value), nested structs and
 * flat unions the same way (a union's base first, then its variant's members), then any member left
 * over is {@code Parameter 'x' is unexpected} (with several, the one QEMU's GLib hash table yields
 * first: {@link GHashTableOrder}). Nested names read as QEMU's {@code full_name}:
 * {@code capabilities[0].state}.
 */
public final class QapiArgumentVisitor {
    private static final long UINT8_MAX = 0xff;
    private static final long UINT16_MAX = 0xffff;
    private static final long UINT32_MAX = 0xffff_ffffL;

    private final QapiSchema schema;

    /**
     * Creates a visitor over a schema.
     *
     * @param schema where member types are looked up
     */
    public QapiArgumentVisitor(final QapiSchema schema) {
        this.schema = schema;
    }

    /**
     * Checks and decodes {@code args} against {@code members}.
     *
     * @param members the command's arguments in schema order
     * @param args the {@code arguments} object ({@code {}} when absent)
     * @return member name to value: a wire-name {@code String} for enums and strings,
     *     {@code Boolean}, {@code Long} (every integer type and {@code size}; {@code uint64} values
     *     above {@code Long.MAX_VALUE} wrap), {@code Double} for {@code number}, a {@code JsonNode}
     *     for {@code any}, a {@code Map} like this one for a struct or union, or a {@code List} of
     *     those; absent optional members are not in the map
     * @throws QmpError with QEMU's message
     */
    public Map<String, Object> visit(final List<Member> members, final ObjectNode args) {
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> visited = new LinkedHashSet<>();
        members(members, args, "", out, visited);
        checkUnexpected(args, "", visited);
        return out;
    }

    /**
     * Checks and decodes the argument object of a boxed command ({@code 'boxed': true}), whose
     * whole {@code arguments} is one struct or union.
     *
     * @param type the struct or union
     * @param args the {@code arguments} object ({@code {}} when absent)
     * @return the decoded members, as {@link #visit} returns them
     * @throws QmpError with QEMU's message
     */
    public Map<String, Object> visitBoxed(final String type, final ObjectNode args) {
        return object(definition(type), args, "");
    }

    /**
     * Whether {@link #visit} can check an argument of this type: a builtin, an enum, struct or
     * union of the schema whose members it can check, or an array of those.
     *
     * @param type a schema type name
     * @return true if arguments of the type are checked and decoded
     */
    public boolean canCheck(final String type) {
        return canCheck(type, new HashSet<>());
    }

    private boolean canCheck(final String type, final Set<String> seen) {
        if (type.startsWith("[") && type.endsWith("]")) {
            return canCheck(type.substring(1, type.length() - 1), seen);
        }
        if (isBuiltin(type) || !seen.add(type)) {
            return true;
        }
        Optional<Definition> d = schema.find(type);
        if (d.isEmpty()) {
            return false;
        }
        if (d.get() instanceof EnumDefinition) {
            return true;
        }
        if (d.get() instanceof StructDefinition s) {
            return s.members().stream().allMatch(m -> canCheck(m.type(), seen));
        }
        if (d.get() instanceof UnionDefinition u) {
            return u.base().stream().allMatch(m -> canCheck(m.type(), seen))
                    && u.variants().stream().allMatch(v -> canCheck(v.type(), seen));
        }
        return false;
    }

    private static boolean isBuiltin(final String type) {
        return switch (type) {
            case "str", "bool", "int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                    "size", "number", "any", "null" -> true;
            default -> false;
        };
    }

    /** Visits members in schema order into {@code out}; {@code prefix} is the container's full name plus a dot. */
    private void members(final List<Member> members, final ObjectNode args, final String prefix,
            final Map<String, Object> out, final Set<String> visited) {
        for (Member m : members) {
            JsonNode v = args.get(m.name());
            visited.add(m.name());
            if (v == null) {
                if (!m.optional()) {
                    throw QmpError.generic("Parameter '" + prefix + m.name() + "' is missing");
                }
                continue;
            }
            out.put(m.name(), value(m.type(), v, prefix + m.name(), m.name()));
        }
    }

    /** {@code qobject_input_check_struct}: the first member nobody visited. */
    /**
     * {@code qobject_input_check_struct}: QEMU copies the keys into a GLib hash table in QDict
     * order, removes each member as it is visited, and names the first key the table then yields
     * ({@link GHashTableOrder}); the table is only reproduced when a key is left over.
     */
    private static void checkUnexpected(final ObjectNode args, final String prefix, final Set<String> visited) {
        List<String> keys = QmpJsonWriter.qdictKeyOrder(args);
        if (!visited.containsAll(keys)) {
            List<String> removed = visited.stream().filter(args::has).toList(); // absent members were never in the table
            String first = GHashTableOrder.firstLeftOver(keys, removed)
                    .orElseThrow(() -> new IllegalStateException("no unexpected member in " + args));
            throw QmpError.generic("Parameter '" + prefix + first + "' is unexpected");
        }
    }

    /** A struct or flat union's members; {@code fullName} is its own full name ("" at the top). */
    private Map<String, Object> object(final Definition d, final ObjectNode args, final String fullName) {
        String prefix = fullName.isEmpty() ? "" : fullName + ".";
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> visited = new LinkedHashSet<>();
        if (d instanceof StructDefinition s) {
            members(s.members(), args, prefix, out, visited);
        } else if (d instanceof UnionDefinition u) {
            members(u.base(), args, prefix, out, visited);
            Object tag = out.get(u.discriminator());
            for (Variant v : u.variants()) {
                if (v.caseName().equals(tag)) {
                    Definition branch = definition(v.type());
                    members(((StructDefinition) branch).members(), args, prefix, out, visited);
                }
            }
        } else {
            throw new IllegalStateException(d.name() + " is not a struct or union");
        }
        checkUnexpected(args, prefix, visited);
        return out;
    }

    private Definition definition(final String type) {
        return schema.find(type).orElseThrow(() -> new IllegalStateException("argument type " + type
                + " is not supported"));
    }

    /**
     * @param fullName the dotted/indexed path used in most errors ({@code enable[0]})
     * @param name the name QEMU uses in enum and integer range errors: the member's own name, or
     *     {@code null} for list elements
     */
    private Object value(final String type, final JsonNode v, final String fullName, final String name) {
        if (type.startsWith("[")) {
            if (!v.isArray()) {
                throw typeError(fullName, "array");
            }
            String element = type.substring(1, type.length() - 1);
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                list.add(value(element, v.get(i), fullName + "[" + i + "]", "null"));
            }
            return list;
        }
        switch (type) {
            case "str":
                if (!v.isTextual()) {
                    throw typeError(fullName, "string");
                }
                return v.textValue();
            case "bool":
                if (!v.isBoolean()) {
                    throw typeError(fullName, "boolean");
                }
                return v.booleanValue();
            case "int", "int64":
                return int64(v, fullName);
            case "int8":
                return intRange(int64(v, fullName), Byte.MIN_VALUE, Byte.MAX_VALUE, name, "int8_t");
            case "int16":
                return intRange(int64(v, fullName), Short.MIN_VALUE, Short.MAX_VALUE, name, "int16_t");
            case "int32":
                return intRange(int64(v, fullName), Integer.MIN_VALUE, Integer.MAX_VALUE, name, "int32_t");
            case "uint64", "size":
                return uint64(v, fullName);
            case "uint8":
                return uintRange(uint64(v, fullName), UINT8_MAX, name, "uint8_t");
            case "uint16":
                return uintRange(uint64(v, fullName), UINT16_MAX, name, "uint16_t");
            case "uint32":
                return uintRange(uint64(v, fullName), UINT32_MAX, name, "uint32_t");
            case "number":
                if (!v.isNumber()) {
                    throw typeError(fullName, "number");
                }
                return v.doubleValue();
            case "any":
                return v.deepCopy();
            case "null":
                if (!v.isNull()) {
                    throw typeError(fullName, "null");
                }
                return null;
            default:
                Definition d = definition(type);
                if (d instanceof EnumDefinition e) {
                    return enumValue(e, v, fullName, name);
                }
                if (!v.isObject()) {
                    throw typeError(fullName, "object");
                }
                return object(d, (ObjectNode) v, fullName);
        }
    }

    /** {@code qobject_input_type_int64}: an integer that fits int64. */
    private static long int64(final JsonNode v, final String fullName) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw typeError(fullName, "integer");
        }
        return v.longValue();
    }

    /** {@code qobject_input_type_uint64}: an integer that fits uint64, or a negative int64 (accepted, wrapped). */
    private static long uint64(final JsonNode v, final String fullName) {
        if (v.isIntegralNumber()) {
            if (v.canConvertToLong()) {
                return v.longValue();
            }
            java.math.BigInteger b = v.bigIntegerValue();
            if (b.signum() > 0 && b.bitLength() <= Long.SIZE) {
                return b.longValue();
            }
        }
        throw QmpError.generic("Parameter '" + fullName + "' expects uint64");
    }

    private static long intRange(final long value, final long min, final long max, final String name,
            final String cType) {
        if (value < min || value > max) {
            throw QmpError.generic("Parameter '" + name + "' expects " + cType);
        }
        return value;
    }

    private static long uintRange(final long value, final long max, final String name, final String cType) {
        if (Long.compareUnsigned(value, max) > 0) {
            throw QmpError.generic("Parameter '" + name + "' expects " + cType);
        }
        return value;
    }

    private static Object enumValue(final EnumDefinition def, final JsonNode v, final String fullName,
            final String name) {
        if (!v.isTextual()) {
            throw typeError(fullName, "string");
        }
        if (!def.values().contains(v.textValue())) {
            throw QmpError.generic("Parameter '" + name + "' does not accept value '" + v.textValue() + "'");
        }
        return v.textValue();
    }

    private static QmpError typeError(final String name, final String expected) {
        return QmpError.generic("Invalid parameter type for '" + name + "', expected: " + expected);
    }
}
