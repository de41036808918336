/**
 * The QAPI types of QEMU 7.2's {@code qapi/run-state.json} as Java records and enums: run states,
 * shutdown causes, actions, the run-state events and commands, with the annotations
 * ({@link org.runstate.core.qapi.QapiName}, {@link org.runstate.core.qapi.QapiOptional}) that tie
 * each to its schema name. qmp-server's {@code QapiSchema} holds the schema itself, and a test
 * there proves these types match it.
 */
package org.runstate.core.qapi;
