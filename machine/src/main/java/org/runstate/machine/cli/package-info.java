/**
 * QEMU 7.2's command-line parsing: the option table, QemuOpts ({@code key=value,...} with an
 * implied first key and {@code ,,}), keyval, JSON arguments and the legacy chardev specs, with
 * QEMU's error texts located at the option ({@link org.runstate.machine.cli.CliError}).
 */
package org.runstate.machine.cli;
