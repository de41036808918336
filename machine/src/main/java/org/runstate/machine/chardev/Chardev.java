package org.runstate.machine.chardev;

/**
 * A character device backend as {@code -chardev} creates it: where a frontend gets its
 * connections. Connections that arrive before a frontend is attached (a client socket connects
 * when it is created) wait for it.
 */
public interface Chardev extends AutoCloseable {
    /**
     * The chardev's id.
     *
     * @return the id
     */
    String id();

    /**
     * Connects the frontend; a chardev serves one frontend, as in QEMU.
     *
     * @param frontend the monitor or qtest server
     * @throws org.runstate.machine.cli.CliError {@code Device 'ID' is in use} for a second frontend
     */
    void attach(Frontend frontend);

    /**
     * The chardev's QOM type, as {@code /chardevs} lists it.
     *
     * @return {@code chardev-socket} or {@code chardev-null}
     */
    String qomType();

    /**
     * QEMU's {@code filename} of the chardev now ({@code query-chardev}): for a socket its address,
     * {@code disconnected:} before the first and after the last connection.
     *
     * @return the text
     */
    String filename();

    /**
     * Whether a frontend has the chardev open ({@code query-chardev}'s {@code frontend-open}).
     *
     * @return true once a monitor or the qtest server is attached
     */
    boolean frontendOpen();

    /** Stops listening or connecting and closes what this chardev created; frontends close their connections. */
    @Override
    void close();
}
