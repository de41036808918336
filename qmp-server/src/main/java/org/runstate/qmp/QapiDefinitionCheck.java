package org.runstate.qmp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.Definition;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.qmp.schema.QapiSchema.EventDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
import org.runstate.qmp.schema.QapiSchema.UnionDefinition;
import org.runstate.qmp.schema.QapiSchema.Variant;

/**
 * Refuses a malformed schema entry an embedder registers, before it can reach introspection or the
 * argument checker: names as QEMU's QAPI generator accepts them (scripts/qapi/expr.py), members with
 * a name and a type, each name once.
 */
final class QapiDefinitionCheck {
    /** expr.py's valid_name for definitions and members, with the optional {@code __RFQDN_} prefix. */
    private static final Pattern NAME = Pattern.compile("(__[a-z0-9.-]+_)?[a-zA-Z][a-zA-Z0-9_-]*");
    /** Enum values may start with a digit ({@code QKeyCode}'s {@code 0} to {@code 9}). */
    private static final Pattern ENUM_VALUE = Pattern.compile("(__[a-z0-9.-]+_)?[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private QapiDefinitionCheck() {
    }

    /**
     * Checks a command name before it is looked up.
     *
     * @param name the name to register
     * @throws IllegalArgumentException if QAPI would not accept it
     */
    static void checkCommandName(final String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid QMP command name "
                    + "(a letter, then letters, digits, '-' and '_')");
        }
    }

    /**
     * Checks one definition taken from an embedder's schema.
     *
     * @param d the definition
     * @throws IllegalArgumentException naming the definition and what is wrong with it
     */
    static void check(final Definition d) {
        if (d.name() == null || !NAME.matcher(d.name()).matches()) {
            throw new IllegalArgumentException("'" + d.name() + "' is not a valid QAPI name");
        }
        if (d instanceof EnumDefinition e) {
            Set<String> seen = new HashSet<>();
            for (String v : e.values()) {
                if (v == null || !ENUM_VALUE.matcher(v).matches()) {
                    throw new IllegalArgumentException("enum " + d.name() + " has an invalid value '" + v + "'");
                }
                if (!seen.add(v)) {
                    throw new IllegalArgumentException("enum " + d.name() + " has the value '" + v + "' twice");
                }
            }
        } else if (d instanceof StructDefinition s) {
            checkMembers(d.name(), s.members());
        } else if (d instanceof CommandDefinition c) {
            checkMembers(d.name(), c.members());
        } else if (d instanceof EventDefinition ev) {
            checkMembers(d.name(), ev.members());
        } else if (d instanceof UnionDefinition u) {
            checkMembers(d.name(), u.base());
            for (Variant v : u.variants()) {
                if (v.caseName() == null || v.type() == null || v.type().isBlank()) {
                    throw new IllegalArgumentException("union " + d.name() + " has a variant without a case or type");
                }
            }
        }
    }

    private static void checkMembers(final String owner, final List<Member> members) {
        Set<String> seen = new HashSet<>();
        for (Member m : members) {
            if (m.name() == null || !NAME.matcher(m.name()).matches()) {
                throw new IllegalArgumentException("member '" + m.name() + "' of " + owner + " is not a valid QAPI name");
            }
            if (m.type() == null || m.type().isBlank()) {
                throw new IllegalArgumentException("member '" + m.name() + "' of " + owner + " has no type");
            }
            if (!seen.add(m.name())) {
                throw new IllegalArgumentException(owner + " has the member '" + m.name() + "' twice");
            }
        }
    }
}
