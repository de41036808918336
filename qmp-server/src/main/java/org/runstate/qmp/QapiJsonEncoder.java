package org.runstate.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.Collection;
import org.runstate.core.qapi.GuestPanicInformation;
import org.runstate.core.qapi.QapiEnum;
import org.runstate.core.qapi.QapiMembers;

/**
 * QEMU's QAPI output visitor for our Java types: a record becomes an object whose members are
 * inserted in schema (component) order, which is what {@code QmpJsonWriter}'s QDict ordering
 * expects; a union puts its discriminator {@code type} first; absent optional members
 * ({@code null}) are left out; enums become their wire names; {@code long} components holding
 * {@code uint64} values print unsigned.
 */
public final class QapiJsonEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private QapiJsonEncoder() {
    }

    /**
     * Encodes a value.
     *
     * @param value a record, enum, string, boolean, number or collection
     * @return the JSON tree
     */
    public static JsonNode encode(final Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof QapiEnum e) {
            return NODES.textNode(e.wireName());
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(v -> a.add(encode(v)));
            return a;
        }
        if (value instanceof Record r) {
            return encodeRecord(r);
        }
        throw new IllegalArgumentException("cannot encode " + value.getClass());
    }

    private static ObjectNode encodeRecord(final Record r) {
        ObjectNode o = NODES.objectNode();
        if (r instanceof GuestPanicInformation u) {
            o.put("type", u.type().wireName());
        }
        boolean unsigned = r instanceof GuestPanicInformation;
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = get(c, r);
            if (v == null) {
                continue;
            }
            String name = QapiMembers.wireName(c.getName());
            if (unsigned && v instanceof Long l && l < 0) {
                o.set(name, NODES.numberNode(BigInteger.valueOf(l).add(TWO_64)));
            } else {
                o.set(name, encode(v));
            }
        }
        return o;
    }

    private static Object get(final RecordComponent c, final Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }
}
