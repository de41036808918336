package org.runstate.qmp.hmp;

import java.util.List;
import java.util.Map;

/**
 * One entry of an HMP command table, as in QEMU's {@code hmp-commands.hx}.
 *
 * @param names the name and its aliases separated by {@code |} ({@code stop|s}); error and help
 *     texts print all of it
 * @param argsType the argument specification, {@code key:type} items separated by commas: type
 *     {@code s} is one word or quoted string, {@code S} the rest of the line; a {@code ?} after
 *     the type makes the argument optional
 * @param params the argument synopsis printed by {@code help}
 * @param help the one-line description printed by {@code help}
 * @param body runs the command
 * @param subTable the subcommands ({@code info}'s), empty for none
 */
record HmpCommand(String names, String argsType, String params, String help, Body body, List<HmpCommand> subTable) {
    /** What a command does with its parsed arguments. */
    @FunctionalInterface
    interface Body {
        /**
         * Runs the command on the machine's control thread.
         *
         * @param out where the command prints
         * @param args the arguments by key; an absent optional argument is not in the map
         */
        void run(HmpOutput out, Map<String, String> args);
    }

    /**
     * Copies the sub-table.
     *
     * @param names the name and its aliases separated by {@code |}
     * @param argsType the argument specification
     * @param params the argument synopsis
     * @param help the one-line description
     * @param body runs the command
     * @param subTable the subcommands, empty for none
     */
    HmpCommand {
        subTable = List.copyOf(subTable);
    }

    /**
     * A command without subcommands.
     *
     * @param names the name and its aliases separated by {@code |}
     * @param argsType the argument specification
     * @param params the argument synopsis
     * @param help the one-line description
     * @param body runs the command
     */
    HmpCommand(final String names, final String argsType, final String params, final String help, final Body body) {
        this(names, argsType, params, help, body, List.of());
    }

    /**
     * QEMU's {@code hmp_compare_cmd}: whether {@code name} is exactly one of the
     * {@code |}-separated names.
     *
     * @param name a typed command name
     * @return true if it names this command
     */
    boolean isNamed(final String name) {
        int start = 0;
        while (true) {
            int bar = names.indexOf('|', start);
            int end = bar < 0 ? names.length() : bar;
            if (names.substring(start, end).equals(name)) {
                return true;
            }
            if (bar < 0) {
                return false;
            }
            start = bar + 1;
        }
    }

    /**
     * Looks a typed name up in a table ({@code search_dispatch_table}).
     *
     * @param table the commands
     * @param name the typed name
     * @return the first command so named, or {@code null}
     */
    static HmpCommand find(final List<HmpCommand> table, final String name) {
        for (HmpCommand c : table) {
            if (c.isNamed(name)) {
                return c;
            }
        }
        return null;
    }
}
