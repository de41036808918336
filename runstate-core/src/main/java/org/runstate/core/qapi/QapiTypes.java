package org.runstate.core.qapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Java type of every definition of qmp-server's {@code QapiSchema.runState()}, found by schema name. */
public final class QapiTypes {
    /** Every Java type that implements a run-state schema definition. */
    public static final List<Class<?>> ALL = List.of(
            RunState.class, ShutdownCause.class, StatusInfo.class, QueryStatusCommand.class,
            ShutdownEvent.class, PowerdownEvent.class, ResetEvent.class, StopEvent.class,
            ResumeEvent.class, SuspendEvent.class, SuspendDiskEvent.class, WakeupEvent.class,
            WatchdogEvent.class, WatchdogAction.class, RebootAction.class, ShutdownAction.class,
            PanicAction.class, WatchdogSetActionCommand.class, SetActionCommand.class,
            GuestPanickedEvent.class, GuestCrashloadedEvent.class, GuestPanicAction.class,
            GuestPanicInformationType.class, GuestPanicInformation.class,
            GuestPanicInformationHyperV.class, S390CrashReason.class, GuestPanicInformationS390.class,
            MemoryFailureEvent.class, MemoryFailureRecipient.class, MemoryFailureAction.class,
            MemoryFailureFlags.class, NotifyVmexitOption.class);

    private static final Map<String, Class<?>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(c -> c.getAnnotation(QapiName.class).value(), Function.identity()));

    private QapiTypes() {
    }

    /**
     * The Java type implementing a schema definition.
     *
     * @param schemaName the definition's name
     * @return the type, if the definition belongs to the run-state schema
     */
    public static Optional<Class<?>> byName(final String schemaName) {
        return Optional.ofNullable(BY_NAME.get(schemaName));
    }
}
