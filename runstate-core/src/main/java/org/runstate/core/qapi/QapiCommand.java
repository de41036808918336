package org.runstate.core.qapi;

/**
 * A command of the run-state schema. Implementations are records of the command's arguments in
 * schema order; optional arguments are marked {@link QapiOptional} and are {@code null} when absent.
 *
 * @param <R> the type of the command's {@code return} value ({@link Void} for {@code {}})
 */
public sealed interface QapiCommand<R> permits QueryStatusCommand, WatchdogSetActionCommand,
        SetActionCommand {
    /**
     * The QMP command name.
     *
     * @return for example {@code "query-status"}
     */
    default String commandName() {
        return getClass().getAnnotation(QapiName.class).value();
    }
}
