package org.runstate.core.qapi;

/** Why an s390 guest crashed (QAPI {@code S390CrashReason}). */
@QapiName("S390CrashReason")
public enum S390CrashReason implements QapiEnum {
    /** Unknown. */
    UNKNOWN,
    /** A CPU loaded a disabled-wait PSW. */
    DISABLED_WAIT,
    /** An external-interrupt loop. */
    EXTINT_LOOP,
    /** A program-interrupt loop. */
    PGMINT_LOOP,
    /** An operation-exception loop. */
    OPINT_LOOP
}
