package org.runstate.core.qapi;

/**
 * The VM was reset; emitted after the devices and CPUs are reset.
 *
 * @param guest whether the guest caused it
 * @param reason why
 */
@QapiName("RESET")
public record ResetEvent(boolean guest, ShutdownCause reason) implements RunStateEvent {
}
