package org.runstate.machine;

import java.util.List;
import org.runstate.core.Machine;
import org.runstate.s390.S390Machine;

/** {@code s390-ccw-virtio-7.2} (alias {@code s390-ccw-virtio}): s390 CPUs, SCLP and DIAG 308. */
final class S390Board extends Board {
    private S390Machine s390;

    @Override
    String name() {
        return "s390-ccw-virtio-7.2";
    }

    @Override
    String alias() {
        return "s390-ccw-virtio";
    }

    @Override
    String description() {
        return "Virtual s390x machine (version 7.2)";
    }

    @Override
    int maxCpus() {
        return 248;
    }

    @Override
    long defaultRamBytes() {
        return 128L << 20;
    }

    @Override
    List<String> cpuModels() {
        return List.of("qemu");
    }

    @Override
    String cpuDescription(final String model) {
        return "QEMU Virtual CPU version 2.5+";
    }

    @Override
    String cpuTypeSuffix() {
        return "-s390x-cpu";
    }

    @Override
    List<DeviceType> deviceTypes() {
        return List.of();
    }

    @Override
    String qomParent() {
        return "s390-ccw-machine";
    }

    @Override
    String defaultRamId() {
        return "s390.ram";
    }

    @Override
    boolean isTargetDefault() {
        return true;
    }

    @Override
    java.util.Map<String, Long> cpuProps(final CpuTopology topology, final int index) {
        return java.util.Map.of("core-id", (long) index);
    }

    @Override
    String s390CpuState(final int index) {
        return s390.cpuState(index).wireName();
    }

    @Override
    void configure(final Machine.Builder b, final int cpus, final long ramBytes) {
        s390 = new S390Machine(cpus, ramBytes);
        b.nmi(s390.nmiHandler());
    }

    @Override
    Built build(final Machine m, final long ramBytes, final CpuOptions cpu) {
        s390.attach(m);
        return new Built(new S390GuestIo(s390), s390::qtest, null);
    }
}
