package org.runstate.qmp.hmp;

import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's {@code help_cmd}: {@code help [cmd]} and a bare {@code info} print
 * {@code name params -- help} lines for the commands of a table, a named command, or a
 * subcommand ({@code help info status}).
 */
final class HmpHelp {
    /** {@code parse_cmdline} takes at most this many words; a longer line prints nothing. */
    private static final int MAX_ARGS = 16;

    private HmpHelp() {
    }

    /**
     * Prints help.
     *
     * @param out where to print
     * @param table the top-level commands
     * @param what the words after {@code help}, or {@code null} for every command
     */
    static void print(final HmpOutput out, final List<HmpCommand> table, final String what) {
        List<String> args = new ArrayList<>();
        if (what != null) {
            HmpCommandLine line = new HmpCommandLine(what);
            while (true) {
                line.skipSpaces();
                if (line.atEnd()) {
                    break;
                }
                String word = args.size() < MAX_ARGS ? line.word() : null;
                if (word == null) {
                    return; // QEMU prints nothing on the monitor then
                }
                args.add(word);
            }
        }
        dump(out, table, args, 0);
    }

    /** {@code help_cmd_dump}: the whole table, or the entry {@code args[index]} names. */
    private static void dump(final HmpOutput out, final List<HmpCommand> table, final List<String> args,
            final int index) {
        if (index >= args.size()) {
            table.forEach(c -> dumpOne(out, c, args, index));
            return;
        }
        HmpCommand c = HmpCommand.find(table, args.get(index));
        if (c == null) {
            out.print("unknown command: '" + String.join(" ", args.subList(0, index + 1)) + "'\n");
        } else if (!c.subTable().isEmpty()) {
            dump(out, c.subTable(), args, index + 1);
        } else {
            dumpOne(out, c, args, index);
        }
    }

    private static void dumpOne(final HmpOutput out, final HmpCommand c, final List<String> prefix, final int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(prefix.get(i)).append(' ');
        }
        s.append(c.names()).append(' ').append(c.params()).append(" -- ").append(c.help()).append('\n');
        out.print(s.toString());
    }
}
