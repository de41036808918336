/**
 * The project's machine-readable copies of QEMU 7.2's QAPI schemas ({@code qapi/run-state.json}
 * and the RTC event of {@code qapi/misc.json}) and their loader, {@link org.runstate.qmp.schema.QapiSchema}:
 * the single source of QMP introspection, argument checking and the generated QMP reference. An
 * embedder registering its own commands loads its schema with the same format.
 */
package org.runstate.qmp.schema;
