package org.runstate.machine;

import java.util.List;
import org.runstate.core.Machine;

/** {@code none}: an empty machine: no buses, no devices, one CPU at most. */
final class NoneBoard extends Board {
    @Override
    String name() {
        return "none";
    }

    @Override
    String alias() {
        return null;
    }

    @Override
    String description() {
        return "empty machine";
    }

    @Override
    int maxCpus() {
        return 1;
    }

    @Override
    long defaultRamBytes() {
        return 0;
    }

    @Override
    List<DeviceType> deviceTypes() {
        return List.of();
    }

    @Override
    String defaultRamId() {
        return "ram";
    }

    @Override
    String defaultCpuType() {
        return null;
    }

    @Override
    void configure(final Machine.Builder b, final int cpus, final long ramBytes) {
        // no wake-up, no NMI: QEMU's none machine has neither
    }

    @Override
    Built build(final Machine m, final long ramBytes, final CpuOptions cpu) {
        return new Built(GuestIo.UNASSIGNED, words -> null, null);
    }
}
