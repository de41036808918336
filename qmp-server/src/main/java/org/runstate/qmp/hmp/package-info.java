/**
 * QEMU's human monitor (HMP) as {@code human-monitor-command} serves it, for the run-state
 * commands: a command table ({@link org.runstate.qmp.hmp.HmpCommandTable}), the command-line
 * lexer ({@link org.runstate.qmp.hmp.HmpCommandLine}), the argument parser
 * ({@link org.runstate.qmp.hmp.HmpArgumentParser}), command dispatch
 * ({@link org.runstate.qmp.hmp.HmpInterpreter}), {@code help}
 * ({@link org.runstate.qmp.hmp.HmpHelp}) and the monitor's output buffer
 * ({@link org.runstate.qmp.hmp.HmpOutput}). {@link org.runstate.qmp.hmp.MonitorCommands}
 * registers {@code human-monitor-command} and {@code query-name} on a
 * {@link org.runstate.qmp.QmpServer}.
 */
package org.runstate.qmp.hmp;
