/**
 * The QOM view the launcher answers from: the object tree, the types and their properties, and the
 * QMP commands libvirt's capability probe and domain start send ({@code qom-list}, {@code qom-get},
 * {@code qom-list-types}, {@code device-list-properties}, {@code query-machines}, ...), about what the
 * machine really has.
 */
package org.runstate.machine.qom;
