package org.runstate.machine.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * QEMU's QemuOpts parser (util/qemu-option.c): {@code key=value,...}, an implied first key,
 * {@code ,,} for a comma inside a value, bare {@code flag} meaning {@code flag=on} and
 * {@code noflag} meaning {@code flag=off} (deprecated, with QEMU's warning), {@code help} or
 * {@code ?} asking for the list's parameters. Holds every set of options parsed so far, per list,
 * so ids are checked for duplicates and merge lists collect into one set.
 */
public final class OptsParser {
    private final Map<OptsList, List<Opts>> store = new LinkedHashMap<>();
    private final Consumer<String> warnings;

    /**
     * A parser reporting deprecation warnings to {@code warnings}.
     *
     * @param warnings receives each warning's text (without program name and location)
     */
    public OptsParser(final Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Thrown when the options ask for help; the text is what QEMU prints on stdout. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested(final String text) {
            super(text, null, false, false);
        }

        /**
         * What QEMU prints.
         *
         * @return the help text, ending in a newline
         */
        public String text() {
            return getMessage();
        }
    }

    /**
     * {@code qemu_opts_parse_noisily}: parses one option argument into {@code list}.
     *
     * @param list the options list
     * @param params the argument
     * @param permitAbbrev whether the implied first key applies
     * @param location the option and argument, for messages
     * @return the options (a merge list's single set)
     * @throws CliError QEMU's message
     * @throws HelpRequested for {@code help} in a described list
     */
    public Opts parse(final OptsList list, final String params, final boolean permitAbbrev, final String location) {
        try {
            Opts opts = create(list, parseId(params), location);
            parseInto(opts, params, permitAbbrev ? list.impliedKey() : null, true, !list.acceptsAny());
            return opts;
        } catch (CliError e) {
            throw e.at(location);
        }
    }

    /**
     * {@code qemu_opts_do_parse}: more options into an existing set, without help or warnings
     * (the compat chardev syntax {@code unix:PATH,server=on}).
     *
     * @param opts the set
     * @param params the options
     * @param firstName the implied first key, or null
     */
    public void parseInto(final Opts opts, final String params, final String firstName) {
        parseInto(opts, params, firstName, false, false);
    }

    /**
     * {@code qemu_opts_create}: a new set in {@code list}.
     *
     * @param list the list
     * @param id the id, or null
     * @param location where it was given, or null
     * @return the set (a merge list's existing one)
     * @throws CliError for an ill-formed or duplicate id
     */
    public Opts create(final OptsList list, final String id, final String location) {
        List<Opts> all = store.computeIfAbsent(list, l -> new ArrayList<>());
        if (list.mergeLists()) {
            if (id != null) {
                throw new CliError("Invalid parameter 'id'");
            }
            if (!all.isEmpty()) {
                return all.get(0);
            }
        } else if (id != null) {
            if (!wellFormedId(id)) {
                throw new CliError(null, "Parameter 'id' expects an identifier",
                        "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n");
            }
            if (find(list, id) != null) {
                throw new CliError("Duplicate ID '" + id + "' for " + list.name());
            }
        }
        Opts opts = new Opts(list, id, location);
        all.add(opts);
        return opts;
    }

    /**
     * A set by id.
     *
     * @param list the list
     * @param id the id (null: the first set without one, as for merge lists)
     * @return the set, or null
     */
    public Opts find(final OptsList list, final String id) {
        for (Opts o : all(list)) {
            if (java.util.Objects.equals(o.id(), id)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Every set of a list in creation order.
     *
     * @param list the list
     * @return the sets
     */
    public List<Opts> all(final OptsList list) {
        return store.getOrDefault(list, List.of());
    }

    /**
     * Whether {@code params} contains {@code help} or {@code ?} as a flag ({@code has_help_option}).
     *
     * @param params the option argument
     * @return true if help is asked for
     */
    public static boolean hasHelpOption(final String params) {
        Cursor c = new Cursor(params);
        while (!c.done()) {
            if (c.next(null).help) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code qemu_opts_print_help}: the parameters of a list, sorted, as QEMU prints them.
     *
     * @param list the list
     * @param caption whether to print {@code NAME options:} first
     * @return the text
     */
    public static String help(final OptsList list, final boolean caption) {
        TreeSet<String> lines = new TreeSet<>();
        list.params().forEach((name, type) -> {
            StringBuilder sb = new StringBuilder("  ").append(name).append("=<").append(switch (type) {
                case STRING -> "str";
                case BOOL -> "bool (on/off)";
                case NUMBER -> "num";
                case SIZE -> "size";
            }).append('>');
            String h = list.help().get(name);
            if (h != null) {
                while (sb.length() < 24) {
                    sb.append(' ');
                }
                sb.append(" - ").append(h);
            }
            lines.add(sb.toString());
        });
        StringBuilder out = new StringBuilder();
        if (caption && !lines.isEmpty()) {
            out.append(list.name()).append(" options:\n");
        } else if (lines.isEmpty()) {
            out.append("There are no options for ").append(list.name()).append(".\n");
        }
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private void parseInto(final Opts opts, final String params, final String firstName, final boolean warnOnFlag,
            final boolean helpAllowed) {
        Cursor c = new Cursor(params);
        String implied = firstName;
        while (!c.done()) {
            Element e = c.next(implied);
            if (helpAllowed && e.help) {
                throw new HelpRequested(help(opts.list(), true));
            }
            if (e.flag && !e.help && warnOnFlag) {
                warnings.accept("short-form boolean option '" + e.prefix + e.name + "' deprecated\n"
                        + (e.name.equals("delay") ? "Please use nodelay=" + (e.prefix.isEmpty() ? "off" : "on")
                                : "Please use " + e.name + "=" + e.value) + " instead");
            }
            implied = null;
            if (e.name.equals("id")) {
                continue;
            }
            OptType type = opts.list().params().get(e.name);
            if (type == null && !opts.list().acceptsAny()) {
                throw new CliError("Invalid parameter '" + e.name + "'");
            }
            if (type != null) {
                check(type, e.name, e.value);
            }
            opts.set(e.name, e.value);
        }
    }

    private static void check(final OptType type, final String name, final String value) {
        switch (type) {
            case BOOL -> QemuValues.bool(name, value);
            case NUMBER -> QemuValues.number(name, value);
            case SIZE -> QemuValues.size(name, value);
            default -> { }
        }
    }

    /** {@code opts_parse_id}: the value of the first {@code id=} element, or null. */
    private static String parseId(final String params) {
        Cursor c = new Cursor(params);
        while (!c.done()) {
            Element e = c.next(null);
            if (e.name.equals("id")) {
                return e.value;
            }
        }
        return null;
    }

    private static boolean wellFormedId(final String id) {
        if (id.isEmpty() || !isAsciiAlpha(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiAlpha(c) && !(c >= '0' && c <= '9') && "-._".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiAlpha(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** One {@code name=value} element as {@code get_opt_name_value} splits it. */
    private record Element(String name, String value, boolean flag, boolean help, String prefix) {
    }

    /** Walks an option string element by element. */
    private static final class Cursor {
        private final String s;
        private int p;

        Cursor(final String s) {
            this.s = s;
        }

        boolean done() {
            return p >= s.length();
        }

        Element next(final String firstName) {
            int len = 0;
            while (p + len < s.length() && s.charAt(p + len) != '=' && s.charAt(p + len) != ',') {
                len++;
            }
            Element e;
            if (p + len >= s.length() || s.charAt(p + len) != '=') {
                if (firstName != null) {
                    e = new Element(firstName, value(), false, false, "");
                } else {
                    String name = s.substring(p, p + len);
                    p += len;
                    if (name.startsWith("no")) {
                        e = new Element(name.substring(2), "off", true, false, "no");
                    } else {
                        e = new Element(name, "on", true, name.equals("?") || name.equals("help"), "");
                    }
                }
            } else {
                String name = s.substring(p, p + len);
                p += len + 1;
                e = new Element(name, value(), false, false, "");
            }
            if (p < s.length() && s.charAt(p) == ',') {
                p++;
            }
            return e;
        }

        /** {@code get_opt_value}: up to a single comma; {@code ,,} is a literal comma. */
        private String value() {
            StringBuilder v = new StringBuilder();
            while (p < s.length()) {
                char c = s.charAt(p);
                if (c == ',') {
                    if (p + 1 < s.length() && s.charAt(p + 1) == ',') {
                        v.append(',');
                        p += 2;
                        continue;
                    }
                    break;
                }
                v.append(c);
                p++;
            }
            return v.toString();
        }
    }
}
