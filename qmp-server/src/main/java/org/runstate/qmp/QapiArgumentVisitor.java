package org.runstate.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runstate.core.qapi.QapiSchema;
import org.runstate.core.qapi.QapiSchema.EnumDefinition;
import org.runstate.core.qapi.QapiSchema.Member;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * QEMU's QObject input visitor for command arguments, driven by the schema so every command gets
 * the same checks and QEMU's exact messages: members are visited in schema order (the first
 * failing one decides: missing, wrong JSON type, bad enum value), then a member left over is
 * {@code Parameter 'x' is unexpected}. With several left over, QEMU names the first one its GLib
 * hash table of left-over keys yields, which {@link GHashTableOrder} reproduces.
 */
public final class QapiArgumentVisitor {
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
     *     {@code Boolean}, {@code Long}, or a {@code List} of those; absent optional members are
     *     not in the map
     * @throws QmpError with QEMU's message
     */
    public Map<String, Object> visit(final List<Member> members, final ObjectNode args) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Member m : members) {
            JsonNode v = args.get(m.name());
            if (v == null) {
                if (!m.optional()) {
                    throw QmpError.generic("Parameter '" + m.name() + "' is missing");
                }
                continue;
            }
            out.put(m.name(), value(m.type(), v, m.name(), m.name()));
        }
        if (out.size() < args.size()) {
            throw QmpError.generic("Parameter '" + firstUnexpected(members, args) + "' is unexpected");
        }
        return out;
    }

    /**
     * {@code qobject_input_check_struct}: QEMU copies the argument keys into a GLib hash table in
     * QDict order, removes each member as it is visited (schema order, present ones only), and
     * names the first key the table then yields. Only called when some key is left over.
     */
    private static String firstUnexpected(final List<Member> members, final ObjectNode args) {
        List<String> visited = new ArrayList<>();
        for (Member m : members) {
            if (args.has(m.name())) {
                visited.add(m.name());
            }
        }
        return GHashTableOrder.firstLeftOver(QmpJsonWriter.qdictKeyOrder(args), visited)
                .orElseThrow(() -> new IllegalStateException("no unexpected member in " + args));
    }

    /**
     * Whether {@link #visit} can check an argument of this type: {@code str}, {@code bool},
     * {@code int}, an enum of the schema, or an array of those.
     *
     * @param type a schema type name
     * @return true if arguments of the type are checked and decoded
     */
    public boolean canCheck(final String type) {
        if (type.startsWith("[") && type.endsWith("]")) {
            return canCheck(type.substring(1, type.length() - 1));
        }
        return switch (type) {
            case "str", "bool", "int" -> true;
            default -> schema.find(type).filter(EnumDefinition.class::isInstance).isPresent();
        };
    }

    /**
     * @param fullName the dotted/indexed path used in type errors ({@code enable[0]})
     * @param enumName the name used in enum errors: QEMU 7.2 prints {@code null} for list elements
     */
    private Object value(final String type, final JsonNode v, final String fullName, final String enumName) {
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
            case "int":
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw typeError(fullName, "integer");
                }
                return v.longValue();
            default:
                return enumValue(type, v, fullName, enumName);
        }
    }

    private Object enumValue(final String type, final JsonNode v, final String fullName, final String enumName) {
        EnumDefinition def = schema.find(type).filter(EnumDefinition.class::isInstance).map(EnumDefinition.class::cast)
                .orElseThrow(() -> new IllegalStateException("argument type " + type + " is not supported"));
        if (!v.isTextual()) {
            throw typeError(fullName, "string");
        }
        if (!def.values().contains(v.textValue())) {
            throw QmpError.generic("Parameter '" + enumName + "' does not accept value '" + v.textValue() + "'");
        }
        return v.textValue();
    }

    private static QmpError typeError(final String name, final String expected) {
        return QmpError.generic("Invalid parameter type for '" + name + "', expected: " + expected);
    }
}
