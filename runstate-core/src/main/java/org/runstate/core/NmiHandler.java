package org.runstate.core;

import java.util.List;
import org.runstate.core.vcpu.Vcpu;

/** How a machine delivers {@code inject-nmi} ({@code nmi_monitor_handle}). */
@FunctionalInterface
public interface NmiHandler {
    /**
     * Delivers the NMI.
     *
     * @param vcpus the machine's vCPUs
     */
    void inject(List<Vcpu> vcpus);

    /** The x86 pc/isapc behaviour: an NMI to every vCPU, whatever the monitor's CPU. */
    NmiHandler ALL_VCPUS = vcpus -> vcpus.forEach(Vcpu::injectNmi);
}
