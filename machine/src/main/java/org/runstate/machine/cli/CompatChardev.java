package org.runstate.machine.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code qemu_chr_parse_compat} (chardev/char.c): the legacy chardev specs of {@code -qmp},
 * {@code -monitor} and {@code -qtest} ({@code unix:PATH,...}, {@code tcp:HOST:PORT,...},
 * {@code null}, {@code stdio}, ...) turned into a {@code -chardev} option set with the given label.
 */
public final class CompatChardev {
    private static final Pattern HOST_PORT = Pattern.compile("([^:]{1,64}):([^,]{1,32})");
    private static final Pattern PORT_ONLY = Pattern.compile(":([^,]{1,32})");

    private CompatChardev() {
    }

    /**
     * Parses a legacy spec into a new chardev set.
     *
     * @param opts the option store
     * @param label the chardev id
     * @param spec the spec
     * @param where the option, for later messages
     * @return the chardev options
     * @throws CliError QEMU's message
     */
    public static Opts parse(final OptsParser opts, final String label, final String spec, final String where) {
        Opts o = opts.create(OptsList.CHARDEV, label, where);
        String filename = spec;
        if (filename.startsWith("mon:")) {
            filename = filename.substring(4);
            o.set("mux", "on");
            if (filename.equals("stdio")) {
                o.set("signal", "off");
            }
        }
        switch (filename) {
            case "null", "pty", "msmouse", "wctablet", "braille", "testdev", "stdio" -> {
                o.set("backend", filename);
                return o;
            }
            default -> { }
        }
        for (String prefix : new String[] {"tcp:", "telnet:", "tn3270:", "websocket:"}) {
            if (filename.startsWith(prefix)) {
                String p = filename.substring(prefix.length());
                Matcher m = HOST_PORT.matcher(p);
                String host;
                String port;
                int end;
                if (m.lookingAt()) {
                    host = m.group(1);
                    port = m.group(2);
                    end = m.end();
                } else {
                    Matcher po = PORT_ONLY.matcher(p);
                    if (!po.lookingAt()) {
                        throw new CliError("'" + filename + "' is not a valid char driver");
                    }
                    host = "";
                    port = po.group(1);
                    end = po.end();
                }
                o.set("backend", "socket");
                o.set("host", host);
                o.set("port", port);
                if (end < p.length() && p.charAt(end) == ',') {
                    opts.parseInto(o, p.substring(end + 1), null);
                }
                if (!prefix.equals("tcp:")) {
                    o.set(prefix.substring(0, prefix.length() - 1), "on");
                }
                return o;
            }
        }
        if (filename.startsWith("unix:")) {
            o.set("backend", "socket");
            opts.parseInto(o, filename.substring(5), "path");
            return o;
        }
        if (filename.startsWith("file:") || filename.startsWith("pipe:")) {
            o.set("backend", filename.substring(0, 4));
            o.set("path", filename.substring(5));
            return o;
        }
        throw new CliError("'" + filename + "' is not a valid char driver");
    }
}
