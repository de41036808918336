package org.runstate.machine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One set of options of a {@link OptsList} ({@code QemuOpts}): an optional id and the
 * {@code name=value} pairs in command-line order. A repeated name keeps every value; lookups
 * return the last one, as {@code qemu_opt_get} does.
 */
public final class Opts {
    private final OptsList list;
    private final String id;
    private final String location;
    private final List<String[]> entries = new ArrayList<>();

    Opts(final OptsList list, final String id, final String location) {
        this.list = list;
        this.id = id;
        this.location = location;
    }

    /**
     * The list these options belong to.
     *
     * @return the list
     */
    public OptsList list() {
        return list;
    }

    /**
     * The {@code id=} value.
     *
     * @return the id, or null
     */
    public String id() {
        return id;
    }

    /**
     * Where the options were given ({@code -chardev socket,id=x}), for later error messages.
     *
     * @return the location, or null for options made up by the launcher
     */
    public String location() {
        return location;
    }

    /**
     * Adds a value (checked by the caller).
     *
     * @param name the parameter
     * @param value its text
     */
    public void set(final String name, final String value) {
        entries.add(new String[] {name, value});
    }

    /**
     * The last value given for a parameter.
     *
     * @param name the parameter
     * @return the text, or null
     */
    public String get(final String name) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i)[0].equals(name)) {
                return entries.get(i)[1];
            }
        }
        return null;
    }

    /**
     * Whether a parameter was given.
     *
     * @param name the parameter
     * @return true if present
     */
    public boolean has(final String name) {
        return get(name) != null;
    }

    /**
     * A boolean parameter (validated at parse time for described lists).
     *
     * @param name the parameter
     * @param absent the value when not given
     * @return the value
     */
    public boolean bool(final String name, final boolean absent) {
        String v = get(name);
        return v == null ? absent : QemuValues.bool(name, v);
    }

    /**
     * A number parameter.
     *
     * @param name the parameter
     * @param absent the value when not given
     * @return the value
     */
    public long number(final String name, final long absent) {
        String v = get(name);
        return v == null ? absent : QemuValues.number(name, v);
    }

    /**
     * A size parameter.
     *
     * @param name the parameter
     * @return the size in bytes, if given
     */
    public Optional<Long> size(final String name) {
        String v = get(name);
        return v == null ? Optional.empty() : Optional.of(QemuValues.size(name, v));
    }

    /**
     * Every parameter name in command-line order, repeated names once each.
     *
     * @return the names
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (String[] e : entries) {
            if (!names.contains(e[0])) {
                names.add(e[0]);
            }
        }
        return names;
    }
}
