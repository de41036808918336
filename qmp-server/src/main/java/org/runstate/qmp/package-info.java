/**
 * QMP, byte for byte as QEMU 7.2 speaks it: {@link org.runstate.qmp.QmpServer} serves a
 * {@link org.runstate.core.Machine} on unix and TCP sockets, each client a session with
 * capabilities negotiation, the dispatcher and its command table (extensible with
 * {@link org.runstate.qmp.QmpServer#register}), introspection, QEMU's error classes and texts, and
 * events before the reply of the command that caused them.
 */
package org.runstate.qmp;
