package org.runstate.machine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * QEMU 7.2's option names (qemu-options.hx, kept as data in {@code qemu-options.txt}): which
 * exist, which take an argument, and which qemu-system-x86_64 has. {@code vl.c}'s
 * {@code lookup_opt} reads this table before any option is acted on.
 */
final class OptionTable {
    /** One option. */
    record Option(String name, boolean hasArg, boolean forThisTarget) {
    }

    private static final Map<String, Option> OPTIONS = load();

    private OptionTable() {
    }

    /**
     * {@code lookup_opt}: {@code -name} or {@code --name}.
     *
     * @param arg the command-line word, starting with '-'
     * @return the option
     * @throws CliError {@code invalid option}
     */
    static Option lookup(final String arg) {
        String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
        Option o = OPTIONS.get(name);
        if (o == null) {
            throw new CliError(arg, "invalid option", null);
        }
        return o;
    }

    private static Map<String, Option> load() {
        Map<String, Option> m = new HashMap<>();
        try (InputStream in = OptionTable.class.getResourceAsStream("qemu-options.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ");
                m.put(f[0], new Option(f[0], f[1].equals("arg"), f[2].equals("x86")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
