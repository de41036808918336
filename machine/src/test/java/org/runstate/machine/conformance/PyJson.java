package org.runstate.machine.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON as the conformance runner ({@code run.py}) writes and reads it: Python's
 * {@code json.dumps} with its defaults ({@code ", "} and {@code ": "} separators, non-ASCII and
 * control characters escaped, floats in {@code repr} form) and a parser as strict as
 * {@code json.loads} about trailing garbage. The runner sends {@code qmp} steps and its sync
 * command in exactly this form, so we must too: the server sees the same bytes.
 */
final class PyJson {
    /** Shared, thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PyJson() {
    }

    /**
     * Parses one JSON document.
     *
     * @param text the text
     * @return the tree
     * @throws IllegalArgumentException if it is not exactly one JSON value
     */
    static JsonNode parse(final String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException("no JSON value");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Python's {@code json.dumps(node)}.
     *
     * @param node the value
     * @return its text
     */
    static String dumps(final JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, false, sb);
        return sb.toString();
    }

    /**
     * Python's {@code json.dumps(node, sort_keys=True)}: what {@code run.py} compares when it
     * checks messages only for JSON equality.
     *
     * @param node the value
     * @return its text with object keys sorted at every level
     */
    static String dumpsSorted(final JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, true, sb);
        return sb.toString();
    }

    private static void write(final JsonNode n, final boolean sorted, final StringBuilder sb) {
        if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            n.fields().forEachRemaining(fields::add);
            if (sorted) {
                // Python sorts str keys by code point; String.compareTo is by UTF-16 unit, equal for the BMP
                fields.sort(Map.Entry.comparingByKey());
            }
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                string(fields.get(i).getKey(), sb);
                sb.append(": ");
                write(fields.get(i).getValue(), sorted, sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            Iterator<JsonNode> it = n.elements();
            boolean first = true;
            while (it.hasNext()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                write(it.next(), sorted, sb);
            }
            sb.append(']');
        } else if (n.isTextual()) {
            string(n.textValue(), sb);
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue());
        } else if (n.isNumber()) {
            sb.append(pyFloat(n.doubleValue()));
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue() ? "true" : "false");
        } else {
            sb.append("null");
        }
    }

    /** {@code json.dumps} with ensure_ascii: everything outside {@code ' '..'~'} is escaped. */
    private static void string(final String s, final StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < ' ' || c > '~') {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Python's float {@code repr}: shortest digits, plain notation for 1e-4 <= |x| < 1e16. */
    static String pyFloat(final double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = shortest(d);
        String digits = bd.unscaledValue().abs().toString();
        int exp = bd.precision() - bd.scale() - 1;
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }

    /** The shortest decimal that reads back as {@code d}, the nearest one of that length (as Python's repr). */
    private static BigDecimal shortest(final double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /**
     * A new empty object, for building transcript records in the runner's key order.
     *
     * @return the object
     */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
