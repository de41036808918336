package org.runstate.core;

import org.runstate.core.qapi.ShutdownCause;

/**
 * A device reset handler ({@code qemu_register_reset}). Handlers run on the control thread, in
 * registration order, with every vCPU paused.
 */
@FunctionalInterface
public interface ResetHandler {
    /**
     * Resets the device.
     *
     * @param cause why the system is reset ({@link ShutdownCause#NONE} for power-on and the pc
     *     wakeup, which emit no RESET event)
     */
    void reset(ShutdownCause cause);
}
