package org.runstate.machine.cli;

/**
 * A command-line error as QEMU reports it: {@code PROGRAM: LOCATION: MESSAGE}, where the location
 * is the option and its argument ({@code -m foo}) while the error was found during option parsing,
 * and absent for errors found later (QEMU's {@code loc_set_none}). An optional hint follows on
 * lines of its own, as QEMU's {@code error_append_hint}.
 */
public final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The option the error is located at, as QEMU prints it before the message, or null. */
    private final String location;
    /** A line QEMU prints after the message, or null. */
    private final String hint;

    /**
     * An error without a location.
     *
     * @param message QEMU's message
     */
    public CliError(final String message) {
        this(null, message, null);
    }

    /**
     * An error with a location and a hint.
     *
     * @param location the option and argument, or null
     * @param message QEMU's message
     * @param hint text printed after the message (ends in a newline), or null
     */
    public CliError(final String location, final String message, final String hint) {
        super(message, null, false, false);
        this.location = location;
        this.hint = hint;
    }

    /**
     * The same error located at an option.
     *
     * @param where the option and argument, as QEMU prints them
     * @return this error if it already has a location, else a located copy
     */
    public CliError at(final String where) {
        return location != null || where == null ? this : new CliError(where, getMessage(), hint);
    }

    /**
     * The option and argument the error is reported at.
     *
     * @return the location, or null
     */
    public String location() {
        return location;
    }

    /**
     * The hint printed after the message, without prefix.
     *
     * @return the hint ending in a newline, or null
     */
    public String hint() {
        return hint;
    }

    /**
     * What {@code error_report} prints for this error, without the program name.
     *
     * @return {@code LOCATION: MESSAGE} plus the hint
     */
    public String report() {
        String line = (location == null ? "" : location + ": ") + getMessage();
        return hint == null ? line : line + "\n" + hint.stripTrailing();
    }
}
