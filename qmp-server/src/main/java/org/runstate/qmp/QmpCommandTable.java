package org.runstate.qmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.runstate.core.Machine;
import org.runstate.core.RunStateCommands;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.QapiEnum;
import org.runstate.core.qapi.QapiEnums;
import org.runstate.core.qapi.QapiSchema;
import org.runstate.core.qapi.QapiSchema.CommandDefinition;
import org.runstate.core.qapi.RebootAction;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/**
 * The commands this server knows, each bound to the machine's {@link RunStateCommands}. Argument
 * lists come from the schema (run-state.json plus the control commands file), never from
 * per-command code.
 */
public final class QmpCommandTable {
    /** The extra schema file with qmp_capabilities, query-version, stop, cont, ... */
    public static final String CONTROL_SCHEMA = "qmp-control-schema.json";

    private final QapiSchema schema;
    private final Map<String, QmpCommand> commands = new LinkedHashMap<>();

    /**
     * Builds the table for one machine.
     *
     * @param machine the machine the commands act on
     * @param versionInfo what {@code query-version} returns
     */
    public QmpCommandTable(final Machine machine, final ObjectNode versionInfo) {
        schema = QapiSchema.runState().plus(QapiSchema.load(QmpCommandTable.class, CONTROL_SCHEMA));
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
        add("query-qmp-schema", args -> QmpIntrospection.build(schema, commands.keySet()));
    }

    /**
     * Looks a command up.
     *
     * @param name the command name
     * @return the command, if this server has it
     */
    public Optional<QmpCommand> find(final String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /**
     * Every command name, in registration order.
     *
     * @return the names
     */
    public List<String> names() {
        return List.copyOf(commands.keySet());
    }

    /**
     * The schema the argument lists come from.
     *
     * @return the combined schema
     */
    public QapiSchema schema() {
        return schema;
    }

    private void add(final String name, final QmpCommand.Handler handler) {
        CommandDefinition def = schema.find(name).filter(CommandDefinition.class::isInstance)
                .map(CommandDefinition.class::cast)
                .orElseThrow(() -> new IllegalStateException("no schema for command " + name));
        commands.put(name, new QmpCommand(name, def.members(), false, handler));
    }

    /** QEMU builds this list by prepending, so it comes out newest-registered first. */
    private List<ObjectNode> commandInfos() {
        List<ObjectNode> out = new ArrayList<>();
        for (String name : commands.keySet()) {
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
