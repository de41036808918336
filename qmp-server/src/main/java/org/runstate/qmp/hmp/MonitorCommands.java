package org.runstate.qmp.hmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpServer;

/**
 * Adds QEMU 7.2's {@code qapi/misc.json} commands {@code query-name} and
 * {@code human-monitor-command} to a {@link QmpServer}. The human monitor knows the run-state
 * commands: {@code info status}, {@code info name}, {@code stop}, {@code cont}/{@code c},
 * {@code system_reset}, {@code system_powerdown}, {@code system_wakeup}, {@code quit},
 * {@code watchdog_action ACTION}, {@code nmi} and {@code help}; they act through the machine's
 * {@link org.runstate.core.RunStateCommands} on its control thread, as the QMP commands do, and
 * print QEMU's texts. {@code help} and a bare {@code info} list only these commands.
 */
public final class MonitorCommands {
    /** The schema resource (next to this class) with the two commands and {@code NameInfo}. */
    public static final String SCHEMA = "misc-schema.json";

    private MonitorCommands() {
    }

    /**
     * Registers {@code query-name} and {@code human-monitor-command} on a server that no client
     * has connected to yet (see {@link QmpServer#register}).
     *
     * @param server the server; its machine is the one the commands act on
     * @param guestName the guest name ({@code -name guest=NAME}), or {@code null} when none was
     *     given: {@code query-name} then returns {@code {}} and {@code info name} prints nothing
     * @throws IllegalStateException if a client has already connected
     * @throws IllegalArgumentException if either command is already registered
     */
    public static void register(final QmpServer server, final String guestName) {
        QapiSchema schema = QapiSchema.load(MonitorCommands.class, SCHEMA);
        HmpCommandTable table = new HmpCommandTable(server.machine().commands(), guestName);
        server.register(schema, "query-name", args -> nameInfo(guestName));
        server.register(schema, "human-monitor-command",
                new HumanMonitorCommand(server.machine(), new HmpInterpreter(table.commands())));
    }

    /** {@code qmp_query_name}: {@code NameInfo}, its optional {@code name} set when there is one. */
    private static ObjectNode nameInfo(final String guestName) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        if (guestName != null) {
            info.put("name", guestName);
        }
        return info;
    }
}
