package org.runstate.core.qapi;

/** How to handle a KVM notify VM exit (QAPI {@code NotifyVmexitOption}). */
@QapiName("NotifyVmexitOption")
public enum NotifyVmexitOption implements QapiEnum {
    /** Warn and continue running. */
    RUN,
    /** Stop the VM in run state {@code internal-error}. */
    INTERNAL_ERROR,
    /** Do not enable notify VM exits. */
    DISABLE
}
