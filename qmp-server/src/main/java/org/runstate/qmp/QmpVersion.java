package org.runstate.qmp;

/**
 * The QEMU version whose behaviour we serve, reported in the greeting and by
 * {@code query-version}.
 *
 * @param major 7
 * @param minor 2
 * @param micro 0
 */
public record QmpVersion(int major, int minor, int micro) {
    /** QEMU 7.2.0: the behaviour this project implements. */
    public static final QmpVersion QEMU_7_2 = new QmpVersion(7, 2, 0);
}
