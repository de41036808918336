package org.runstate.watchdog;

import java.util.Objects;
import java.util.function.Consumer;
import org.runstate.core.Machine;
import org.runstate.core.clock.Clock;
import org.runstate.device.pci.PciBus;
import org.runstate.device.pci.PciFunction;
import org.runstate.device.pci.PciIdentity;

/**
 * The Intel 6300ESB watchdog timer as a PCI function ({@code -device i6300esb[,addr=SLOT.FN]}),
 * register for register as QEMU 7.2 emulates it (hw/watchdog/wdt_i6300esb.c), quirks included.
 *
 * <ul>
 *   <li>Identity: 8086:25ab, class 0x0880, revision 0, subsystem 1af4:1100, no interrupt pin; BAR0
 *       is 16 bytes of 32-bit non-prefetchable memory.
 *   <li>Config register 0x60 (16-bit accesses only) and lock register 0x68 (8-bit only). Any
 *       other width at those offsets goes to the generic config space, where bytes 0x40-0xff are
 *       plain read/write storage, as in QEMU.
 *   <li>Enabling starts stage 1 with the stage-1 preload; its expiry raises nothing (QEMU 7.2 has
 *       no interrupt here) and starts stage 2; the stage-2 expiry sets the "rebooted" flag, runs
 *       the machine's watchdog action ({@link Machine#watchdog()}: WATCHDOG event, then the
 *       action) and resets the device, so it fires once. Both stages count virtual time.
 *   <li>A system or guest reset resets the device and then does the generic PCI reset (command
 *       register and BAR back to 0, so firmware must map BAR0 again); the "rebooted" flag survives.
 *       The reset inside a stage-2 expiry is the device's own and keeps the BAR mapped.
 * </ul>
 *
 * <p>Thread-safe: guest accesses (vCPU threads) and the expiry (control thread) serialize on this
 * object's monitor.
 */
public final class I6300EsbWatchdog extends PciFunction {
    /** The {@code -device} name and QOM type. */
    public static final String TYPE = "i6300esb";
    /** {@code PCI_VENDOR_ID_INTEL}. */
    public static final int VENDOR_ID = 0x8086;
    /** {@code PCI_DEVICE_ID_INTEL_ESB_9}. */
    public static final int DEVICE_ID = 0x25ab;
    /** {@code PCI_CLASS_SYSTEM_OTHER} (0x0880) with programming interface 0. */
    public static final int CLASS_CODE = 0x088000;
    /** The identity registers QEMU 7.2 gives the device. */
    public static final PciIdentity IDENTITY = new PciIdentity(VENDOR_ID, DEVICE_ID, 0x00, CLASS_CODE, 0x00,
            PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 0);
    /** Config register offset ({@code ESB_CONFIG_REG}), decoded only for 2-byte accesses. */
    public static final int CONFIG_REG = 0x60;
    /** Lock register offset ({@code ESB_LOCK_REG}), decoded only for 1-byte accesses. */
    public static final int LOCK_REG = 0x68;

    private final EsbState state = new EsbState();
    private final EsbCountdown countdown;

    /**
     * Creates an unplugged device.
     *
     * @param virtualClock the clock the countdown runs on ({@code QEMU_CLOCK_VIRTUAL})
     * @param performAction run at a stage-2 expiry, normally {@code machine.watchdog()::perform}
     * @param stderr where QEMU's stage-1 diagnostic lines go
     */
    I6300EsbWatchdog(final Clock virtualClock, final Runnable performAction, final Consumer<String> stderr) {
        super(TYPE, IDENTITY);
        countdown = new EsbCountdown(this, state, virtualClock, performAction, stderr);
        addBar(0, false, EsbMmio.SIZE, new EsbMmio(this, state, countdown));
    }

    /**
     * Creates the device on {@code machine} and plugs it into {@code bus}, as
     * {@code -device i6300esb[,addr=SLOT.FN]} does on the pc's PCI bus 0. QEMU's stage-1 stderr
     * lines go to {@link System#err}.
     *
     * @param machine the machine whose virtual clock and watchdog action the device uses
     * @param bus the PCI bus
     * @param devfn {@code slot << 3 | function}, or -1 for QEMU's automatic placement (function 0 of
     *     the first free slot)
     * @return the plugged device
     * @throws IllegalArgumentException with QEMU's message when the place is taken or the bus is full
     */
    public static I6300EsbWatchdog plug(final Machine machine, final PciBus bus, final int devfn) {
        return plug(machine, bus, devfn, System.err::println);
    }

    /**
     * As {@link #plug(Machine, PciBus, int)}, with a sink for QEMU's stage-1 stderr lines
     * ({@code i6300esb_timer_expired: I would send APIC 1 INT 10 here if I knew how (XXX)}).
     *
     * @param machine the machine whose virtual clock and watchdog action the device uses
     * @param bus the PCI bus
     * @param devfn {@code slot << 3 | function}, or -1 for automatic placement
     * @param stderr receives each line, without its newline
     * @return the plugged device
     * @throws IllegalArgumentException with QEMU's message when the place is taken or the bus is full
     */
    public static I6300EsbWatchdog plug(final Machine machine, final PciBus bus, final int devfn,
            final Consumer<String> stderr) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(bus, "bus");
        I6300EsbWatchdog device = new I6300EsbWatchdog(machine.virtualClock(), machine.watchdog()::perform,
                Objects.requireNonNull(stderr, "stderr"));
        bus.place(device, devfn);
        return device;
    }

    /**
     * {@code i6300esb_config_read}: 0x60 as a word and 0x68 as a byte are the watchdog's
     * registers; any other offset or width reads the generic config space.
     *
     * @param offset 0..255
     * @param size 1, 2 or 4
     * @return the value
     */
    @Override
    public synchronized int configRead(final int offset, final int size) {
        if (offset == CONFIG_REG && size == 2) {
            return state.configRegister();
        }
        if (offset == LOCK_REG && size == 1) {
            return state.lockRegister();
        }
        return super.configRead(offset, size);
    }

    /**
     * {@code i6300esb_config_write}: 0x60 as a word and 0x68 as a byte are the watchdog's
     * registers; any other offset or width writes the generic config space.
     *
     * @param offset 0..255
     * @param size 1, 2 or 4
     * @param value the value
     */
    @Override
    public synchronized void configWrite(final int offset, final int size, final int value) {
        if (offset == CONFIG_REG && size == 2) {
            state.writeConfigRegister(value);
        } else if (offset == LOCK_REG && size == 1) {
            writeLockRegister(value);
        } else {
            super.configWrite(offset, size, value);
        }
    }

    /**
     * The lock register: ignored entirely once locked (until reset); otherwise lock, free-run and
     * enable are taken in that order, an enable edge 0 to 1 starts stage 1, and enable 0 stops
     * the countdown. Writing enable while already enabled does not restart it.
     */
    private void writeLockRegister(final int data) {
        if (state.locked) {
            return;
        }
        state.locked = (data & EsbState.LOCK_LOCK) != 0;
        state.freeRun = (data & EsbState.LOCK_FREE_RUN) != 0;
        boolean wasEnabled = state.enabled;
        state.enabled = (data & EsbState.LOCK_ENABLE) != 0;
        if (!wasEnabled && state.enabled) {
            countdown.restart(1);
        } else if (!state.enabled) {
            countdown.stop();
        }
    }

    /**
     * {@code i6300esb_reset} ({@code dc->reset}): countdown stopped, registers to their reset
     * values, the "rebooted" flag kept. {@link PciFunction#reset()} then does the generic PCI reset.
     */
    @Override
    protected void resetDevice() {
        countdown.resetDevice();
    }

    /**
     * The virtual time at which the running stage expires (diagnostics and tests).
     *
     * @return virtual nanoseconds, or -1 when the countdown is not running
     */
    public synchronized long deadlineNs() {
        return countdown.deadlineNs();
    }

    /**
     * Whether the device's last stage-2 expiry "rebooted" the machine and the guest has not cleared
     * the flag yet (what a 16-bit read of MMIO 0x0C reports as 0x1200).
     *
     * @return the flag
     */
    public synchronized boolean rebootedByWatchdog() {
        return state.previousRebootFlag;
    }
}
