/**
 * QEMU's character devices as the launcher needs them: socket chardevs (unix or TCP, client or
 * server, {@code wait}, {@code reconnect}, inherited descriptors) and the null chardev, with
 * QEMU's rules and messages, serving a QMP monitor or the qtest protocol as their front end.
 */
package org.runstate.machine.chardev;
