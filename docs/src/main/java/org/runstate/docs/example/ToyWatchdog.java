package org.runstate.docs.example;

import org.runstate.core.Machine;
import org.runstate.core.clock.ClockTimer;
import org.runstate.device.IoRegion;

/**
 * A watchdog with one register: writing {@link #ENABLE} (re)starts a countdown of virtual time,
 * writing 0 stops it, reading tells whether it runs. When the countdown runs out, the machine's
 * shared watchdog action runs: WATCHDOG, then a guest reset by default.
 *
 * <p>The countdown is a {@link ClockTimer} on the machine's virtual clock, which stands still
 * while the VM is stopped, so a paused guest is never reset by its watchdog. Threads: register
 * accesses come from vCPU threads and re-arm the timer from there (allowed from any thread); the
 * timer callback and the reset handler run on the control thread.
 */
public final class ToyWatchdog implements IoRegion {
    /** Where the emulator maps it in port I/O space. */
    public static final long PORT = 0x506;
    /** The value that enables and pets the watchdog. */
    public static final long ENABLE = 1;

    private final Machine machine;
    private final long timeoutNs;
    private final ClockTimer timer;

    /**
     * Creates the device, disarmed.
     *
     * @param machine the machine whose virtual clock and watchdog action it uses
     * @param timeoutNs the countdown in nanoseconds of virtual time
     */
    public ToyWatchdog(final Machine machine, final long timeoutNs) {
        this.machine = machine;
        this.timeoutNs = timeoutNs;
        this.timer = machine.virtualClock().newTimer(machine.watchdog()::perform);
    }

    @Override
    public long read(final long offset, final int size) {
        return timer.isPending() ? ENABLE : 0;
    }

    @Override
    public void write(final long offset, final int size, final long value) {
        if ((value & ENABLE) != 0) {
            timer.mod(machine.virtualClock().nowNs() + timeoutNs);
        } else {
            timer.cancel();
        }
    }

    @Override
    public int maxAccessSize() {
        return 1;
    }

    /**
     * Whether the countdown runs: what the emulator's own QMP command reports. Control thread.
     *
     * @return true while armed
     */
    public boolean isArmed() {
        return timer.isPending();
    }

    /** The device's reset: a system reset disarms the watchdog. Runs on the control thread. */
    public void reset() {
        timer.cancel();
    }
}
