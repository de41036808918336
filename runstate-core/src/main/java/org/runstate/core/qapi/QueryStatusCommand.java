package org.runstate.core.qapi;

/** {@code query-status}: no arguments, returns {@link StatusInfo}; allowed in preconfig. */
@QapiName("query-status")
public record QueryStatusCommand() implements QapiCommand<StatusInfo> {
}
