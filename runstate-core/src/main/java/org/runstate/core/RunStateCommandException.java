package org.runstate.core;

/**
 * A run-state command refused, with QEMU's exact message (QMP class {@code GenericError}), for
 * example {@code Resetting the Virtual Machine is required}.
 */
public final class RunStateCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param desc QEMU's error text, sent as the QMP error {@code desc}
     */
    public RunStateCommandException(final String desc) {
        super(desc);
    }
}
