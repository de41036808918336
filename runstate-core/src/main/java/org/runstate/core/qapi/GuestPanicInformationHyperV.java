package org.runstate.core.qapi;

/**
 * Hyper-V crash parameters, taken from the HV_X64_MSR_CRASH_P0..P4 MSRs. The values are unsigned
 * 64-bit ({@code uint64}); read them with {@link Long#toUnsignedString(long)}.
 *
 * @param arg1 P0, the bug-check code
 * @param arg2 P1
 * @param arg3 P2
 * @param arg4 P3
 * @param arg5 P4
 */
@QapiName("GuestPanicInformationHyperV")
public record GuestPanicInformationHyperV(long arg1, long arg2, long arg3, long arg4, long arg5)
        implements GuestPanicInformation {
    @Override
    public GuestPanicInformationType type() {
        return GuestPanicInformationType.HYPER_V;
    }
}
