package org.runstate.core;

/**
 * Work with a result for the control thread, given the {@link ControlContext}:
 * {@code machine.submit(ctx -> ctx.commands().queryStatus())}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ControlCall<T> {
    /**
     * Runs on the control thread.
     *
     * @param ctx the control-thread operations
     * @return the result
     * @throws Exception completes the future exceptionally; the machine goes on
     */
    T call(ControlContext ctx) throws Exception;
}
