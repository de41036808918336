package org.runstate.watchdog;

import java.util.Objects;
import org.runstate.core.Machine;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.ClockTimer;
import org.runstate.device.AddressSpace;
import org.runstate.device.IoRegion;

/**
 * The iBASE 700 ISA watchdog, {@code -device ib700}, as QEMU 7.2 emulates it
 * (hw/watchdog/wdt_ib700.c): one countdown on {@code QEMU_CLOCK_VIRTUAL} and two write-only
 * byte registers at fixed ports, no properties.
 *
 * <ul>
 *   <li>A byte written to 0x443 or 0x444 (re)starts the countdown with the timeout its low four
 *       bits select, 30 s for 0 down to 2 s for 14 in steps of 2 s, and 0 s for 15 (due at once:
 *       the expiry happens at the next timer run). Writing again before the expiry is the ping.
 *   <li>A byte written to 0x441 or 0x442, whatever its value, stops the countdown.
 *   <li>The expiry runs the machine's watchdog action ({@link Machine#watchdog()}: WATCHDOG, then
 *       the action) and leaves the countdown stopped, so it fires once.
 *   <li>A system or guest reset stops the countdown.
 * </ul>
 *
 * <p>Ports 0x441-0x444 are one QEMU port-I/O list ({@code portio_list_add}) whose entries take
 * 1-byte accesses and have no read handler. As a guest's IN/OUT reaches it under TCG, the region
 * at the first port takes the whole access: a read of any width returns all ones; a 16-bit write
 * is two byte writes, the high byte only if the next port belongs to the same register (so
 * {@code outw 0x441} stops twice, {@code outw 0x443 0x0e0f} arms 0 s and then 2 s, and
 * {@code outw 0x442} or {@code outw 0x444} writes its low byte only); a 32-bit write does nothing.
 *
 * <p>Thread-safe: guest accesses (vCPU threads) and the expiry (control thread) serialize on this
 * object's monitor, as QEMU runs both under the BQL.
 */
public final class Ib700Watchdog {
    /** The {@code -device} name and QOM type. */
    public static final String TYPE = "ib700";
    /** The first port: the two ports of the stop register, then the two of the enable register. */
    public static final int BASE_PORT = 0x441;
    /** Ports decoded from {@link #BASE_PORT} on (0x441-0x444). */
    public static final int PORT_COUNT = 4;
    /** A byte written here or at the next port stops the countdown. */
    public static final int STOP_PORT = 0x441;
    /** A byte written here or at the next port starts the countdown with the selected timeout. */
    public static final int START_PORT = 0x443;

    private static final long NS_PER_SECOND = 1_000_000_000L;
    /** QEMU's {@code time_map}: seconds by the low four bits of the byte written to the start register. */
    private static final int[] TIMEOUT_SECONDS = {30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0};
    /** Ports per register ({@code MemoryRegionPortio.len}). */
    private static final int REGISTER_PORTS = 2;

    private final Clock clock;
    private final ClockTimer timer;
    private final Runnable performAction;
    private final IoRegion ports = new Ports();
    /**
     * The deadline armed by a guest write, or -1 when stopped or once the expiry took it. A
     * callback that finds -1 (stopped meanwhile) or a re-armed timer (pinged meanwhile) is stale
     * and does nothing, as QEMU's BQL guarantees.
     */
    private long deadlineNs = -1;

    /**
     * Creates an unplugged device with its countdown stopped.
     *
     * @param virtualClock the clock the countdown runs on ({@code QEMU_CLOCK_VIRTUAL})
     * @param performAction run at the expiry, normally {@code machine.watchdog()::perform}
     */
    Ib700Watchdog(final Clock virtualClock, final Runnable performAction) {
        this.clock = Objects.requireNonNull(virtualClock, "virtualClock");
        this.performAction = Objects.requireNonNull(performAction, "performAction");
        this.timer = clock.newTimer(this::expired);
    }

    /**
     * Creates the device on {@code machine}, as {@code -device ib700} does: maps ports
     * 0x441-0x444 of {@code io} and registers the reset handler. As in QEMU, nothing stops a
     * second one; its ports, mapped later, take the accesses.
     *
     * @param machine the machine whose virtual clock, watchdog action and resets the device uses
     * @param io the port I/O address space (the pc's ISA ports)
     * @return the plugged device
     */
    public static Ib700Watchdog plug(final Machine machine, final AddressSpace io) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(io, "io");
        Ib700Watchdog device = new Ib700Watchdog(machine.virtualClock(), machine.watchdog()::perform);
        io.map(BASE_PORT, PORT_COUNT, device.ports, TYPE);
        machine.addResetHandler(cause -> device.reset());
        return device;
    }

    /**
     * The timeout a byte written to the start register selects ({@code time_map[data & 0xF]}).
     *
     * @param data the byte (only the low four bits count)
     * @return nanoseconds of virtual time
     */
    public static long timeoutNs(final int data) {
        return TIMEOUT_SECONDS[data & 0xf] * NS_PER_SECOND;
    }

    /**
     * The port registers, for mapping them elsewhere (tests); {@link #plug} maps them at
     * {@link #BASE_PORT}.
     *
     * @return the region of {@link #PORT_COUNT} ports
     */
    IoRegion ports() {
        return ports;
    }

    /**
     * {@code ib700_write_enable_reg}: (re)starts the countdown.
     *
     * @param data the byte written
     */
    synchronized void start(final int data) {
        deadlineNs = clock.nowNs() + timeoutNs(data);
        timer.mod(deadlineNs);
    }

    /** {@code ib700_write_disable_reg}, and {@code wdt_ib700_reset}: stops the countdown. */
    synchronized void stop() {
        deadlineNs = -1;
        timer.cancel();
    }

    /** {@code wdt_ib700_reset} ({@code dc->reset}): the countdown stops. */
    void reset() {
        stop();
    }

    /**
     * The virtual time at which the countdown expires (diagnostics and tests).
     *
     * @return virtual nanoseconds, or -1 when it is not running
     */
    public synchronized long deadlineNs() {
        return deadlineNs;
    }

    /** {@code ib700_timer_expired}, on the control thread: the action, then the timer deleted. */
    private void expired() {
        synchronized (this) {
            if (deadlineNs < 0 || timer.isPending()) {
                return; // stopped or re-armed after the clock took this expiry: stale
            }
            deadlineNs = -1;
            // never blocks (emits WATCHDOG, posts a request, prints, injects an NMI or ends the
            // machine), so it may run under the monitor, as QEMU runs it under the BQL
            performAction.run();
            timer.cancel();
        }
    }

    /** Offset 0-1: the stop register; 2-3: the start register. */
    private void writeByte(final long offset, final int data) {
        if (offset < REGISTER_PORTS) {
            stop();
        } else {
            start(data);
        }
    }

    /**
     * QEMU's {@code portio_ops} over the device's port list, with the whole access at the first
     * port, as a guest's IN/OUT is dispatched under TCG.
     */
    private final class Ports implements IoRegion {
        /** {@code portio_read}: no entry has a read handler, so every byte reads as ones. */
        @Override
        public long read(final long offset, final int size) {
            return size >= 8 ? -1L : (1L << (8 * size)) - 1;
        }

        /**
         * {@code portio_write}: entries take bytes only; a 16-bit access falls back to two byte
         * accesses, the second only within the same entry; no other width is handled.
         */
        @Override
        public void write(final long offset, final int size, final long value) {
            if (size == 1) {
                writeByte(offset, (int) value & 0xff);
            } else if (size == 2) {
                writeByte(offset, (int) value & 0xff);
                if ((offset + 1) % REGISTER_PORTS != 0) {
                    writeByte(offset + 1, (int) (value >>> 8) & 0xff);
                }
            }
        }

        /** {@code portio_ops.valid.unaligned}: a word at an odd port is valid. */
        @Override
        public boolean unalignedValid() {
            return true;
        }
    }
}
