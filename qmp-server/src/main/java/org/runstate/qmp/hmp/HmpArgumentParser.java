package org.runstate.qmp.hmp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QEMU's {@code monitor_parse_arguments} for the argument types the run-state commands use:
 * {@code s} (one word or quoted string) and {@code S} (the rest of the line), each optionally
 * followed by {@code ?}. After the arguments only white space may follow.
 */
final class HmpArgumentParser {
    /** An argument list that does not parse; the message is the line QEMU prints. */
    static final class HmpArgumentException extends Exception {
        private static final long serialVersionUID = 1L;

        HmpArgumentException(final String message) {
            super(message, null, false, false);
        }
    }

    private HmpArgumentParser() {
    }

    /**
     * Parses the arguments of {@code command} from the cursor on.
     *
     * @param command the command, for its argument specification and its name in messages
     * @param line the command line, its cursor after the command name
     * @return the arguments by key, in specification order
     * @throws HmpArgumentException with QEMU's message ({@code watchdog_action: string expected},
     *     {@code stop|s: extraneous characters at the end of line}, ...)
     */
    static Map<String, String> parse(final HmpCommand command, final HmpCommandLine line) throws HmpArgumentException {
        Map<String, String> args = new LinkedHashMap<>();
        String spec = command.argsType();
        int i = 0;
        while (true) {
            if (i < spec.length() && spec.charAt(i) == ',') {
                i++;
            }
            int colon = spec.indexOf(':', i);
            if (colon < 0) {
                break;
            }
            String key = spec.substring(i, colon);
            i = colon + 1;
            char type = i < spec.length() ? spec.charAt(i++) : '\0';
            boolean optional = i < spec.length() && spec.charAt(i) == '?';
            switch (type) {
                case 's' -> {
                    line.skipSpaces();
                    if (optional) {
                        i++;
                        if (line.atEnd()) {
                            break;
                        }
                    }
                    String word = line.word();
                    if (word == null) {
                        throw new HmpArgumentException(command.names() + ": string expected");
                    }
                    args.put(key, word);
                }
                case 'S' -> {
                    line.skipSpaces();
                    if (optional) {
                        i++;
                        if (line.atEnd()) {
                            break;
                        }
                    }
                    if (line.atEnd()) {
                        throw new HmpArgumentException(command.names() + ": string expected");
                    }
                    args.put(key, line.rest());
                }
                default -> throw new HmpArgumentException(command.names() + ": unknown type '" + type + "'");
            }
        }
        line.skipSpaces();
        if (!line.atEnd()) {
            throw new HmpArgumentException(command.names() + ": extraneous characters at the end of line");
        }
        return args;
    }
}
