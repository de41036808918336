package org.runstate.core.qapi;

/**
 * The answer to {@code query-status}.
 *
 * @param running whether the VM is running ({@code status == running})
 * @param singlestep QEMU's {@code -singlestep} command-line flag (the schema's "enabled through the
 *     GDB stub" is wrong, see the reference notes)
 * @param status the current run state
 */
@QapiName("StatusInfo")
public record StatusInfo(boolean running, boolean singlestep, RunState status) {
}
