package org.runstate.core;

/**
 * Work without a result for the control thread, given the {@link ControlContext}:
 * {@code machine.submitAction(ctx -> ctx.vmStop(RunState.PAUSED))}.
 */
@FunctionalInterface
public interface ControlAction {
    /**
     * Runs on the control thread.
     *
     * @param ctx the control-thread operations
     * @throws Exception completes the future exceptionally; the machine goes on
     */
    void run(ControlContext ctx) throws Exception;
}
