package org.runstate.qmp.hmp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.runstate.core.RunStateCommandException;
import org.runstate.core.RunStateCommands;
import org.runstate.core.qapi.QapiEnums;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.StatusInfo;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/**
 * The HMP commands of the run-state subsystem, with the names, argument specifications, help
 * texts and outputs of QEMU 7.2 ({@code hmp-commands.hx}, {@code hmp-commands-info.hx},
 * {@code monitor/hmp-cmds.c}, {@code monitor/misc.c}). Every command acts through
 * {@link RunStateCommands}, the path QMP commands take. Like QEMU's tables (sorted at start-up by
 * {@code sortcmdlist}), both tables are in {@code strcmp} order of their names, which is the order
 * {@code help} lists them in.
 */
final class HmpCommandTable {
    private final List<HmpCommand> commands;

    /**
     * Builds the table.
     *
     * @param c the machine's run-state commands
     * @param guestName the {@code -name guest=} value, or {@code null} when none was given
     */
    HmpCommandTable(final RunStateCommands c, final String guestName) {
        List<HmpCommand> info = sorted(List.of(
                new HmpCommand("status", "", "", "show the current VM status (running|paused)",
                        (out, args) -> out.print(status(c.queryStatus()))),
                new HmpCommand("name", "", "", "show the current VM name", (out, args) -> {
                    if (guestName != null) {
                        out.print(guestName + "\n");
                    }
                })));
        List<HmpCommand> all = new ArrayList<>(List.of(
                new HmpCommand("help|?", "name:S?", "[cmd]", "show the help",
                        (out, args) -> HmpHelp.print(out, commands(), args.get("name"))),
                new HmpCommand("quit|q", "", "", "quit the emulator", (out, args) -> c.quit()),
                new HmpCommand("stop|s", "", "", "stop emulation", (out, args) -> c.stop()),
                new HmpCommand("cont|c", "", "", "resume emulation", (out, args) -> reporting(out, c::cont)),
                new HmpCommand("system_wakeup", "", "", "wakeup guest from suspend",
                        (out, args) -> reporting(out, c::systemWakeup)),
                new HmpCommand("system_reset", "", "", "reset the system", (out, args) -> c.systemReset()),
                new HmpCommand("system_powerdown", "", "", "send system power down event",
                        (out, args) -> c.systemPowerdown()),
                new HmpCommand("nmi", "", "", "inject an NMI", (out, args) -> reporting(out, c::injectNmi)),
                new HmpCommand("watchdog_action", "action:s", "[reset|shutdown|poweroff|pause|debug|none]",
                        "change watchdog action", (out, args) -> watchdogAction(out, c, args.get("action"))),
                new HmpCommand("info", "item:s?", "[subcommand]", "show various information about the system state",
                        (out, args) -> HmpHelp.print(out, commands(), "info"), info)));
        commands = sorted(all);
    }

    /**
     * The top-level commands in {@code strcmp} order of their names.
     *
     * @return the table
     */
    List<HmpCommand> commands() {
        return commands;
    }

    /** {@code hmp_info_status}. */
    private static String status(final StatusInfo s) {
        StringBuilder b = new StringBuilder("VM status: ").append(s.running() ? "running" : "paused");
        if (s.singlestep()) {
            b.append(" (single step mode)");
        }
        if (!s.running() && s.status() != RunState.PAUSED) {
            b.append(" (").append(s.status().wireName()).append(')');
        }
        return b.append('\n').toString();
    }

    /**
     * {@code hmp_watchdog_action}: the argument in ASCII lower case ({@code g_ascii_strdown}) must
     * be a {@code WatchdogAction} value ({@code qapi_enum_parse}'s message otherwise).
     */
    private static void watchdogAction(final HmpOutput out, final RunStateCommands c, final String arg) {
        String value = asciiLowerCase(arg);
        Optional<WatchdogAction> action = QapiEnums.fromWireName(WatchdogAction.class, value);
        if (action.isEmpty()) {
            out.error("invalid parameter value: " + value);
            return;
        }
        c.watchdogSetAction(new WatchdogSetActionCommand(action.get()));
    }

    /** A command whose failure {@code hmp_handle_error} reports. */
    private static void reporting(final HmpOutput out, final Runnable command) {
        try {
            command.run();
        } catch (RunStateCommandException e) {
            out.error(e.getMessage());
        }
    }

    private static String asciiLowerCase(final String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            b.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
        }
        return b.toString();
    }

    private static List<HmpCommand> sorted(final List<HmpCommand> table) {
        List<HmpCommand> out = new ArrayList<>(table);
        // strcmp order: the names are ASCII, so String order is byte order
        out.sort(Comparator.comparing(HmpCommand::names));
        return List.copyOf(out);
    }
}
