/**
 * The {@code runstate-vm} launcher: {@link org.runstate.machine.RunstateVm} reads QEMU's command
 * line, builds the machine type it names (a {@code Board}: pc, none, s390-ccw-virtio) with its
 * devices, chardevs, QMP monitors and the qtest server, and runs it with QEMU's exit statuses and
 * messages. Not a library: embedders use runstate-core and qmp-server directly.
 */
package org.runstate.machine;
