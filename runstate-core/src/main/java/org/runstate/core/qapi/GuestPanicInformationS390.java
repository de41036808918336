package org.runstate.core.qapi;

import java.util.Objects;

/**
 * s390 crash information.
 *
 * @param core the CPU address ({@code uint32})
 * @param pswMask the PSW mask ({@code uint64})
 * @param pswAddr the PSW address ({@code uint64})
 * @param reason why the guest crashed
 */
@QapiName("GuestPanicInformationS390")
public record GuestPanicInformationS390(long core, long pswMask, long pswAddr, S390CrashReason reason)
        implements GuestPanicInformation {
    /**
     * Checks the {@code uint32} range of {@code core}.
     *
     * @param core the CPU address
     * @param pswMask the PSW mask
     * @param pswAddr the PSW address
     * @param reason why the guest crashed
     */
    public GuestPanicInformationS390 {
        if (core < 0 || core > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("core out of uint32 range: " + core);
        }
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public GuestPanicInformationType type() {
        return GuestPanicInformationType.S390;
    }
}
