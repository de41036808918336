package org.runstate.core.qapi;

/** Extra information about a guest panic (QAPI union {@code GuestPanicInformation}). */
@QapiName("GuestPanicInformation")
public sealed interface GuestPanicInformation
        permits GuestPanicInformationHyperV, GuestPanicInformationS390 {
    /**
     * The discriminator, serialised as member {@code type} before the variant's members.
     *
     * @return which variant this is
     */
    GuestPanicInformationType type();
}
