package org.runstate.core.qapi;

/** Discriminator of {@link GuestPanicInformation}. */
@QapiName("GuestPanicInformationType")
public enum GuestPanicInformationType implements QapiEnum {
    /** Hyper-V crash MSR parameters. */
    HYPER_V,
    /** s390 crash information. */
    S390
}
