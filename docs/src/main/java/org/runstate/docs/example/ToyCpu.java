package org.runstate.docs.example;

import org.runstate.device.AddressSpace;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuExit;

/**
 * The emulator's vCPU engine. Its "guest" is a four-step program instead of machine code: vCPU 0
 * arms the watchdog, works for a while and pets the watchdog after every slice; then, on its first
 * boot, it hangs (halts without petting) so the watchdog resets the machine, and on the next boot
 * it reports a guest panic. The other vCPUs halt at once, like processors nobody started.
 *
 * <p>Threads: {@link #runSlice} runs on the vCPU's own thread ({@code vcpu-N}); {@link #reset}
 * runs on the control thread while every vCPU is parked. The pause/resume handshake orders the
 * two, so the fields need no lock.
 */
public final class ToyCpu implements VcpuEngine {
    /** Work units per slice: slices stay short so that a stop request takes effect soon. */
    private static final int SLICE = 1_000;

    /** vCPU 0's program counter. */
    private enum Step { BOOT, WORK, HANG, PANIC, HALTED }

    private final AddressSpace ports;
    private final long workPerBoot;
    private Step step = Step.BOOT;
    private long done;
    /** A flag in guest RAM: a system reset does not clear RAM, so the second boot sees it. */
    private boolean hungBefore;

    /**
     * Creates the engine.
     *
     * @param ports the port I/O space the guest's OUT instructions go to
     * @param workPerBoot how many work units vCPU 0 does after each boot before it hangs or panics
     */
    public ToyCpu(final AddressSpace ports, final long workPerBoot) {
        this.ports = ports;
        this.workPerBoot = workPerBoot;
    }

    @Override
    public VcpuExit runSlice(final Vcpu vcpu) {
        if (vcpu.index() != 0) {
            return VcpuExit.HALTED;
        }
        switch (step) {
            case BOOT -> {
                ports.write(ToyWatchdog.PORT, 1, ToyWatchdog.ENABLE);
                step = Step.WORK;
            }
            case WORK -> {
                for (int i = 0; i < SLICE && !vcpu.exitRequested(); i++) {
                    done++;
                }
                ports.write(ToyWatchdog.PORT, 1, ToyWatchdog.ENABLE); // pet the watchdog
                if (done >= workPerBoot) {
                    step = hungBefore ? Step.PANIC : Step.HANG;
                }
            }
            case HANG -> {
                hungBefore = true;
                step = Step.HALTED; // no more petting: the watchdog will expire
            }
            case PANIC -> {
                // a guest access on this vCPU's thread: the stop it causes becomes a request
                ports.write(ToyPanicDevice.PORT, 1, ToyPanicDevice.PANICKED);
                step = Step.HALTED;
            }
            case HALTED -> {
                return VcpuExit.HALTED;
            }
            default -> throw new AssertionError(step);
        }
        return VcpuExit.CONTINUE;
    }

    @Override
    public void reset(final Vcpu vcpu) {
        if (vcpu.index() == 0) {
            step = Step.BOOT;
            done = 0;
            vcpu.wake(); // a reset un-halts the boot CPU; it runs again at the next resume
        }
    }
}
