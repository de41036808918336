package org.runstate.machine;

/** A start-up error: printed as {@code runstate-vm: MESSAGE}, exit status 1, like QEMU's. */
final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LaunchException(final String message) {
        super(message);
    }
}
