package org.runstate.qmp.hmp;

import java.util.List;
import java.util.Map;
import org.runstate.qmp.hmp.HmpArgumentParser.HmpArgumentException;

/**
 * QEMU's {@code handle_hmp_command}: finds the command (descending into a sub-table such as
 * {@code info}'s when more follows), parses its arguments and runs it, printing QEMU's texts for
 * an unknown command and for arguments that do not parse.
 */
final class HmpInterpreter {
    private final List<HmpCommand> table;

    /**
     * An interpreter over a command table.
     *
     * @param table the top-level commands
     */
    HmpInterpreter(final List<HmpCommand> table) {
        this.table = List.copyOf(table);
    }

    /**
     * Runs one command line; a blank line does nothing.
     *
     * @param commandLine the line
     * @param out where the command and the error texts print
     */
    void execute(final String commandLine, final HmpOutput out) {
        HmpCommandLine line = new HmpCommandLine(commandLine);
        HmpCommand command = lookUp(line, table, out);
        if (command == null) {
            return;
        }
        int afterName = line.position();
        Map<String, String> args;
        try {
            args = HmpArgumentParser.parse(command, line);
        } catch (HmpArgumentException e) {
            // QEMU names the command as typed, up to the end of its name
            int end = afterName;
            while (end > 0 && HmpCommandLine.isSpace(commandLine.charAt(end - 1))) {
                end--;
            }
            out.print(e.getMessage() + "\n");
            out.print("Try \"help " + commandLine.substring(0, end) + "\" for more information\n");
            return;
        }
        command.body().run(out, args);
    }

    /**
     * {@code monitor_parse_command}: reads a name, finds it, skips the white space after it and
     * goes on into the sub-table if the command has one and the line goes on.
     *
     * @return the command, or {@code null} for a blank line or an unknown name (reported)
     */
    private static HmpCommand lookUp(final HmpCommandLine line, final List<HmpCommand> table, final HmpOutput out) {
        String name = line.commandName();
        if (name == null) {
            return null;
        }
        HmpCommand command = HmpCommand.find(table, name);
        if (command == null) {
            out.print("unknown command: '" + line.text().substring(0, line.position()) + "'\n");
            return null;
        }
        line.skipSpaces();
        if (!command.subTable().isEmpty() && !line.atEnd()) {
            return lookUp(line, command.subTable(), out);
        }
        return command;
    }
}
