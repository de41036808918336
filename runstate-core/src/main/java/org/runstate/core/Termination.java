package org.runstate.core;

/**
 * How the machine ended.
 *
 * @param exitStatus the process exit status QEMU would return: 0, or 1 for a guest panic with
 *     panic action {@code exit-failure}
 * @param immediate true for QEMU's direct {@code exit()} paths (watchdog {@code poweroff}): no
 *     SHUTDOWN event and no orderly clean-up happened
 */
public record Termination(int exitStatus, boolean immediate) {
}
