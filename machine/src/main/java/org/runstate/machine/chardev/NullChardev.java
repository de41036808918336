package org.runstate.machine.chardev;

import org.runstate.machine.cli.CliError;

/** {@code -chardev null}: a frontend on it never gets a connection. */
final class NullChardev implements Chardev {
    private final String id;
    private boolean attached;

    NullChardev(final String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void attach(final Frontend frontend) {
        if (attached) {
            throw new CliError("Device '" + id + "' is in use");
        }
        attached = true;
    }

    @Override
    public String qomType() {
        return "chardev-null";
    }

    @Override
    public String filename() {
        return "null";
    }

    @Override
    public synchronized boolean frontendOpen() {
        return attached;
    }

    @Override
    public void close() {
        // nothing was opened
    }
}
