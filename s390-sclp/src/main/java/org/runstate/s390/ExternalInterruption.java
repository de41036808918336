package org.runstate.s390;

/**
 * An external interruption taken off the pending queue: what the CPU would store at lowcore
 * 0x86 (code) and 0x80 (parameter).
 *
 * @param code the external-interruption code, {@link #SERVICE_SIGNAL} for the SCLP
 * @param parameter the 32-bit parameter; for a service signal the SCCB address with bit 31 set
 *     when an event is pending for the guest
 */
public record ExternalInterruption(int code, long parameter) {
    /** {@code EXT_SERVICE}: the SCLP's service-signal interruption code. */
    public static final int SERVICE_SIGNAL = 0x2401;
}
