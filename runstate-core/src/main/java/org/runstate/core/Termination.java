package org.runstate.core;

import java.util.Objects;
import java.util.Optional;

/**
 * How the machine ended.
 *
 * @param exitStatus the process exit status QEMU would return: 0, or 1 for a guest panic with
 *     panic action {@code exit-failure}; {@link #FAILURE_EXIT_STATUS} when the machine failed
 * @param immediate true for QEMU's direct {@code exit()} paths (watchdog {@code poweroff},
 *     {@link Machine#stopAsync()}): no SHUTDOWN event and no orderly clean-up happened
 * @param failure what failed on the control thread (a device timer that threw, ...), when the
 *     machine ended as {@link com.google.common.util.concurrent.Service.State#FAILED}; empty for
 *     every QEMU-defined end (quit, guest shutdown, signal, watchdog)
 */
public record Termination(int exitStatus, boolean immediate, Optional<Throwable> failure) {
    /** The exit status of a machine that failed: QEMU's {@code exit(1)} after a fatal error. */
    public static final int FAILURE_EXIT_STATUS = 1;

    /**
     * Checks the components.
     *
     * @param exitStatus the exit status
     * @param immediate whether the end skipped SHUTDOWN and clean-up
     * @param failure the failure, if the machine failed
     */
    public Termination {
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * A QEMU-defined end, without failure.
     *
     * @param exitStatus the exit status
     * @param immediate whether the end skipped SHUTDOWN and clean-up
     */
    public Termination(final int exitStatus, final boolean immediate) {
        this(exitStatus, immediate, Optional.empty());
    }

    /**
     * Whether the machine failed rather than ended as QEMU would have.
     *
     * @return true if {@link #failure()} is present
     */
    public boolean failed() {
        return failure.isPresent();
    }
}
