package org.runstate.machine;

import org.runstate.pc.PcPlatform;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * qtest accesses on the pc machine: its port and memory spaces (guest RAM and MMIO), the MSRs of
 * the acting vCPU and the platform's device tree.
 */
final class PcGuestIo implements GuestIo {
    private final PcPlatform platform;
    private final QtestIrqs irqs;

    PcGuestIo(final PcPlatform platform) {
        this.platform = platform;
        this.irqs = new QtestIrqs(platform.devices());
    }

    @Override
    public long portRead(final long port, final int size) {
        return platform.io().read(port, size);
    }

    @Override
    public void portWrite(final long port, final int size, final long value) {
        platform.io().write(port, size, value);
    }

    @Override
    public long memRead(final long addr, final int size) {
        return platform.memory().read(addr, size);
    }

    @Override
    public void memWrite(final long addr, final int size, final long value) {
        platform.memory().write(addr, size, value);
    }

    @Override
    public void readBytes(final long addr, final byte[] dst) {
        platform.memory().readBytes(addr, dst, 0, dst.length);
    }

    @Override
    public void writeBytes(final long addr, final byte[] src) {
        platform.memory().writeBytes(addr, src, 0, src.length);
    }

    @Override
    public void fill(final long addr, final long length, final byte value) {
        platform.memory().fill(addr, length, value);
    }

    @Override
    public QtestIrqs irqs() {
        return irqs;
    }

    @Override
    public Long rdmsr(final long msr) {
        return platform.msrs().read(actingVcpu(), msr);
    }

    @Override
    public boolean wrmsr(final long msr, final long value) {
        return platform.msrs().write(actingVcpu(), msr, value);
    }

    private Vcpu actingVcpu() {
        Vcpu v = VcpuRunLoop.current();
        return v != null ? v : platform.machine().vcpus().vcpus().get(0);
    }
}
