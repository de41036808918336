package org.runstate.s390;

/**
 * The pending floating external interruptions of QEMU 7.2's TCG FLIC
 * (hw/intc/s390_flic.c, {@code QEMUS390FLICState}); the only kind the model raises is the SCLP
 * service signal. Pending service signals merge: a new one ORs its parameter into the pending
 * one. Guarded by the owning machine's lock.
 */
final class FloatingInterrupts {
    private boolean servicePending;
    private long serviceParam;

    /**
     * {@code qemu_s390_inject_service}: "multiplexing is good enough for sclp".
     *
     * @param param the service-signal parameter (non-zero)
     */
    void injectService(final long param) {
        serviceParam |= param & 0xffff_ffffL;
        servicePending = true;
    }

    /**
     * {@code qemu_s390_flic_dequeue_service}: takes the pending service signal.
     *
     * @return it, or {@code null} when none is pending
     */
    ExternalInterruption dequeue() {
        if (!servicePending) {
            return null;
        }
        ExternalInterruption taken = new ExternalInterruption(ExternalInterruption.SERVICE_SIGNAL, serviceParam);
        serviceParam = 0;
        servicePending = false;
        return taken;
    }

    /**
     * {@code qemu_s390_flic_reset}: clears the pending flags but, in QEMU 7.2, not
     * {@code service_param}, so a parameter nobody took before the reset is ORed into the next
     * service signal. Kept on purpose, it is QEMU's behaviour.
     */
    void reset() {
        servicePending = false;
    }
}
