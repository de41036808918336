package org.runstate.watchdog;

import java.util.Objects;
import java.util.function.Consumer;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.ClockTimer;

/**
 * The two-stage countdown on {@code QEMU_CLOCK_VIRTUAL}: {@code i6300esb_restart_timer},
 * {@code i6300esb_timer_expired} and the timer half of {@code i6300esb_reset}. Virtual time does
 * not move while the VM is stopped, so neither does the countdown.
 *
 * <p>Every method except the timer callback is called with the device's monitor held; the
 * callback takes it, so an expiry is atomic with respect to guest register accesses.
 */
final class EsbCountdown {
    /** "On a PCI bus, 1 tick is 30 ns" (a 33 MHz PCI clock), as QEMU 7.2 computes it. */
    static final long NS_PER_TICK = 30;
    /** {@code CLOCK_SCALE_1KHZ}: the preload counts 2^15 PCI ticks. */
    static final int SHIFT_1KHZ = 15;
    /** {@code CLOCK_SCALE_1MHZ}: the preload counts 2^5 PCI ticks. */
    static final int SHIFT_1MHZ = 5;
    /** What QEMU prints to stderr at a stage-1 expiry with int_type 0 (it raises no interrupt). */
    static final String STAGE1_IRQ_LINE = "i6300esb_timer_expired: I would send APIC 1 INT 10 here if I knew how (XXX)";
    /** The same for int_type 2, which the 0x11 mask makes unreachable. */
    static final String STAGE1_SMI_LINE = "i6300esb_timer_expired: I would send SMI here if I knew how (XXX)";

    private final Object lock;
    private final EsbState state;
    private final Clock clock;
    private final ClockTimer timer;
    private final Runnable performAction;
    private final Consumer<String> stderr;
    /**
     * The deadline this device armed, or -1 after a stop or once consumed by the callback. A
     * callback that finds -1 (the guest disabled the watchdog while the timer was being fired) or
     * a re-armed timer (the guest pinged meanwhile) is stale and does nothing, which is what
     * QEMU's BQL guarantees.
     */
    private long deadlineNs = -1;

    /**
     * Creates the countdown; its timer is idle.
     *
     * @param lock the device monitor guarding {@code state}
     * @param state the registers
     * @param clock the virtual clock
     * @param performAction the shared watchdog action ({@code watchdog_perform_action})
     * @param stderr where QEMU's stage-1 {@code fprintf(stderr, ...)} lines go
     */
    EsbCountdown(final Object lock, final EsbState state, final Clock clock, final Runnable performAction,
            final Consumer<String> stderr) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.performAction = Objects.requireNonNull(performAction, "performAction");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        this.timer = clock.newTimer(this::expired);
    }

    /**
     * How long one stage lasts: {@code (preload << 15) * 30} ns at the "1 kHz" scale (983,040 ns
     * per unit) and {@code (preload << 5) * 30} ns at the "1 MHz" scale (960 ns per unit).
     *
     * @param preload the 20-bit preload
     * @param scale1Mhz the clock scale bit of config register 0x60
     * @return nanoseconds of virtual time
     */
    static long timeoutNs(final int preload, final boolean scale1Mhz) {
        long ticks = Integer.toUnsignedLong(preload) << (scale1Mhz ? SHIFT_1MHZ : SHIFT_1KHZ);
        return ticks * NS_PER_TICK;
    }

    /**
     * {@code i6300esb_restart_timer}: when enabled, (re)starts {@code stage} with its preload at
     * the current scale, replacing any pending deadline; when disabled, does nothing at all.
     *
     * @param stage 1 or 2
     */
    void restart(final int stage) {
        if (!state.enabled) {
            return;
        }
        state.stage = stage;
        deadlineNs = clock.nowNs() + timeoutNs(state.preload(stage), state.scale1Mhz);
        timer.mod(deadlineNs);
    }

    /** {@code i6300esb_disable_timer}: deletes the timer; the stage is left as it is. */
    void stop() {
        deadlineNs = -1;
        timer.cancel();
    }

    /** {@code i6300esb_reset}: first the timer is deleted, then the registers get their reset values. */
    void resetDevice() {
        stop();
        state.reset();
    }

    /**
     * The armed deadline.
     *
     * @return virtual nanoseconds, or -1 when the countdown is not running
     */
    long deadlineNs() {
        return deadlineNs;
    }

    /** {@code i6300esb_timer_expired}, on the control thread. */
    private void expired() {
        synchronized (lock) {
            if (deadlineNs < 0 || timer.isPending()) {
                return; // stopped or re-armed after the clock took this expiry: stale
            }
            deadlineNs = -1;
            if (state.stage == 1) {
                stage1Expired();
            } else {
                stage2Expired();
            }
        }
    }

    /** QEMU 7.2 raises no interrupt and sets no GINTSR bit: at most a stderr line, then stage 2. */
    private void stage1Expired() {
        if (state.intType == EsbState.INT_TYPE_IRQ) {
            stderr.accept(STAGE1_IRQ_LINE);
        } else if (state.intType == EsbState.INT_TYPE_SMI) {
            stderr.accept(STAGE1_SMI_LINE);
        }
        restart(2);
    }

    /**
     * With reboot enabled: flag, action, device reset, in QEMU's order. The reset disables the
     * watchdog, so it fires once even with actions that keep the VM running. The action never
     * blocks (it emits WATCHDOG and posts a request, prints, injects an NMI or ends the machine),
     * so running it under the device monitor is safe, as QEMU runs it under the BQL.
     */
    private void stage2Expired() {
        if (state.rebootEnabled) {
            state.previousRebootFlag = true;
            performAction.run();
            resetDevice();
        }
        if (state.freeRun) {
            restart(1); // only reachable with reboot disabled: the reset above clears free_run
        }
    }
}
