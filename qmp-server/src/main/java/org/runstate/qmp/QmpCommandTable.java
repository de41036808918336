package org.runstate.qmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.runstate.core.Machine;
import org.runstate.core.RunStateCommands;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.QapiEnum;
import org.runstate.core.qapi.QapiEnums;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.Definition;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.qmp.schema.QapiSchema.EventDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
import org.runstate.qmp.schema.QapiSchema.UnionDefinition;
import org.runstate.qmp.schema.QapiSchema.Variant;
import org.runstate.core.qapi.RebootAction;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/**
 * The commands this server knows, each bound to the machine's {@link RunStateCommands}. Argument
 * lists come from the schema (run-state.json plus the control commands file and the core's device
 * events), never from
 * per-command code. Further commands can be {@linkplain #register registered} with their schema
 * entries until the table is {@linkplain #seal sealed}; after that the table never changes.
 */
public final class QmpCommandTable {
    /** The extra schema file with qmp_capabilities, query-version, stop, cont, ... */
    public static final String CONTROL_SCHEMA = "qmp-control-schema.json";

    /** The builtin QAPI types, which need no definition. */
    private static final List<String> BUILTIN_TYPES = List.of("str", "number", "int", "int8", "int16", "int32",
            "int64", "uint8", "uint16", "uint32", "uint64", "size", "bool", "null", "any");

    /**
     * Everything a request needs, replaced as a whole by a registration.
     *
     * @param schema every definition the served commands use
     * @param commands the commands by name, in registration order
     * @param visitor the argument checker over {@code schema}
     */
    private record Snapshot(QapiSchema schema, Map<String, QmpCommand> commands, QapiArgumentVisitor visitor) {
    }

    private volatile Snapshot current;
    /** Set by {@link #seal}; guarded by {@code this}. */
    private boolean sealed;

    /**
     * Builds the table for one machine.
     *
     * @param machine the machine the commands act on
     * @param versionInfo what {@code query-version} returns
     */
    public QmpCommandTable(final Machine machine, final ObjectNode versionInfo) {
        QapiSchema schema = QapiSchema.runState().plus(QapiSchema.load(QmpCommandTable.class, CONTROL_SCHEMA))
                .plus(QapiSchema.deviceEvents());
        current = new Snapshot(schema, Map.of(), new QapiArgumentVisitor(schema));
        RunStateCommands c = machine.commands();
        add("qmp_capabilities", args -> {
            throw new IllegalStateException("qmp_capabilities is handled by the session");
        });
        add("query-status", args -> c.queryStatus());
        add("stop", args -> run(c::stop));
        add("cont", args -> run(c::cont));
        add("system_reset", args -> run(c::systemReset));
        add("system_powerdown", args -> run(c::systemPowerdown));
        add("system_wakeup", args -> run(c::systemWakeup));
        add("quit", args -> run(c::quit));
        add("inject-nmi", args -> run(c::injectNmi));
        add("watchdog-set-action", args -> {
            c.watchdogSetAction(new WatchdogSetActionCommand(enumArg(args, "action", WatchdogAction.class)));
            return null;
        });
        add("set-action", args -> {
            c.setAction(new SetActionCommand(enumArg(args, "reboot", RebootAction.class),
                    enumArg(args, "shutdown", ShutdownAction.class), enumArg(args, "panic", PanicAction.class),
                    enumArg(args, "watchdog", WatchdogAction.class)));
            return null;
        });
        add("query-version", args -> versionInfo.deepCopy());
        add("query-commands", args -> commandInfos());
        add("query-qmp-schema", args -> {
            Snapshot s = current;
            return QmpIntrospection.build(s.schema(), s.commands().keySet());
        });
    }

    /**
     * Looks a command up.
     *
     * @param name the command name
     * @return the command, if this server has it
     */
    public Optional<QmpCommand> find(final String name) {
        return Optional.ofNullable(current.commands().get(name));
    }

    /**
     * Every command name, in registration order.
     *
     * @return the names
     */
    public List<String> names() {
        return List.copyOf(current.commands().keySet());
    }

    /**
     * The schema the argument lists come from: the built-in schema files followed by what
     * registrations added.
     *
     * @return the combined schema
     */
    public QapiSchema schema() {
        return current.schema();
    }

    /**
     * The argument checker for the current schema.
     *
     * @return the visitor
     */
    QapiArgumentVisitor argumentVisitor() {
        return current.visitor();
    }

    /**
     * Adds a command with the schema entries it needs; see {@link QmpServer#register}.
     *
     * @param definitions holds the command's definition and the types it uses that the table's
     *     schema lacks; nothing else of it is taken
     * @param name the command name
     * @param handler the command's body
     * @throws IllegalStateException once the table is sealed
     * @throws IllegalArgumentException if the name is not a QMP name or is taken, {@code definitions}
     *     has no command of that name, a type it uses is defined nowhere or differently from the
     *     table's schema, an entry taken is malformed ({@link QapiDefinitionCheck}), or an argument
     *     has a type the argument checker cannot check
     */
    synchronized void register(final QapiSchema definitions, final String name, final QmpCommand.Handler handler) {
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (sealed) {
            throw new IllegalStateException("command " + name
                    + " cannot be registered: a client has connected, so the command table is fixed");
        }
        QapiDefinitionCheck.checkCommandName(name);
        definitions.definitions().forEach(QapiDefinitionCheck::check);
        Snapshot s = current;
        if (s.commands().containsKey(name)) {
            throw new IllegalArgumentException("command " + name + " is already registered");
        }
        CommandDefinition def = definitions.find(name).filter(CommandDefinition.class::isInstance)
                .map(CommandDefinition.class::cast)
                .orElseThrow(() -> new IllegalArgumentException("the definitions have no command named " + name));
        List<Definition> added = closure(def, definitions, s.schema());
        QapiSchema schema = s.schema().plus(new QapiSchema(added));
        QapiArgumentVisitor visitor = new QapiArgumentVisitor(schema);
        for (Member m : def.members()) {
            if (!visitor.canCheck(m.type())) {
                throw new IllegalArgumentException("argument '" + m.name() + "' of command " + name + " has type "
                        + m.type() + ", which the argument checker does not support (it takes builtins, "
                        + "enums, structs, flat unions and arrays of those)");
            }
        }
        if (def.boxed() != null && !(schema.find(def.boxed()).orElseThrow() instanceof StructDefinition
                || schema.find(def.boxed()).orElseThrow() instanceof UnionDefinition)) {
            throw new IllegalArgumentException("the boxed argument " + def.boxed() + " of command " + name
                    + " is not a struct or union");
        }
        current = new Snapshot(schema, with(s.commands(),
                new QmpCommand(name, def.members(), false, handler, def.boxed())), visitor);
    }

    /**
     * Fixes the table: later {@link #register} calls fail. Called when the first client
     * connects.
     */
    synchronized void seal() {
        sealed = true;
    }

    /**
     * The command and every type it uses, transitively, that {@code known} does not already have,
     * in first-use order; a name both have must be defined the same way.
     */
    private static List<Definition> closure(final CommandDefinition command, final QapiSchema definitions,
            final QapiSchema known) {
        List<Definition> out = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>();
        List<String> seen = new ArrayList<>();
        pending.add(command.name());
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (seen.contains(name) || BUILTIN_TYPES.contains(name)) {
                continue;
            }
            seen.add(name);
            Optional<Definition> mine = definitions.find(name);
            Optional<Definition> existing = known.find(name);
            if (mine.isEmpty() && existing.isEmpty()) {
                throw new IllegalArgumentException("type " + name + " used by command " + command.name()
                        + " is not defined");
            }
            if (mine.isPresent() && existing.isPresent() && !mine.get().equals(existing.get())) {
                throw new IllegalArgumentException(name + " is already defined differently: " + existing.get());
            }
            Definition d = mine.orElseGet(existing::get);
            if (name.equals(command.name()) ? !(d instanceof CommandDefinition) : !isType(d)) {
                throw new IllegalArgumentException(name + " used by command " + command.name() + " is not a type");
            }
            if (existing.isEmpty()) {
                out.add(d);
            }
            for (String used : uses(d)) {
                pending.addLast(used.startsWith("[") ? used.substring(1, used.length() - 1) : used);
            }
        }
        return out;
    }

    private static boolean isType(final Definition d) {
        return !(d instanceof CommandDefinition) && !(d instanceof EventDefinition);
    }

    /** The type names a definition refers to. */
    private static List<String> uses(final Definition d) {
        List<String> out = new ArrayList<>();
        if (d instanceof CommandDefinition c) {
            c.members().forEach(m -> out.add(m.type()));
            if (c.boxed() != null) {
                out.add(c.boxed());
            }
            if (c.returns() != null) {
                out.add(c.returns());
            }
        } else if (d instanceof StructDefinition s) {
            s.members().forEach(m -> out.add(m.type()));
        } else if (d instanceof UnionDefinition u) {
            u.base().forEach(m -> out.add(m.type()));
            u.variants().stream().map(Variant::type).forEach(out::add);
        } else if (!(d instanceof EnumDefinition)) {
            throw new IllegalStateException("unexpected " + d);
        }
        return out;
    }

    private static Map<String, QmpCommand> with(final Map<String, QmpCommand> commands, final QmpCommand command) {
        Map<String, QmpCommand> m = new LinkedHashMap<>(commands);
        m.put(command.name(), command);
        return Collections.unmodifiableMap(m);
    }

    private void add(final String name, final QmpCommand.Handler handler) {
        Snapshot s = current;
        CommandDefinition def = s.schema().find(name).filter(CommandDefinition.class::isInstance)
                .map(CommandDefinition.class::cast)
                .orElseThrow(() -> new IllegalStateException("no schema for command " + name));
        current = new Snapshot(s.schema(), with(s.commands(), new QmpCommand(name, def.members(), false, handler)),
                s.visitor());
    }

    /** QEMU builds this list by prepending, so it comes out newest-registered first. */
    private List<ObjectNode> commandInfos() {
        List<ObjectNode> out = new ArrayList<>();
        for (String name : current.commands().keySet()) {
            ObjectNode info = JsonNodeFactory.instance.objectNode();
            info.put("name", name);
            out.add(info);
        }
        Collections.reverse(out);
        return out;
    }

    private static Object run(final Runnable command) {
        command.run();
        return null;
    }

    private static <E extends Enum<E> & QapiEnum> E enumArg(final Map<String, Object> args, final String name,
            final Class<E> type) {
        Object v = args.get(name);
        return v == null ? null : QapiEnums.fromWireName(type, (String) v).orElseThrow();
    }
}
