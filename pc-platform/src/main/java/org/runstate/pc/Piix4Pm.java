package org.runstate.pc;

import org.runstate.core.RunStateCommandException;
import org.runstate.core.SystemRequests;
import org.runstate.core.WakeupReason;
import org.runstate.core.clock.Clock;
import org.runstate.core.clock.ClockTimer;
import org.runstate.device.AddressSpace;
import org.runstate.device.IoRegion;
import org.runstate.device.IrqLine;
import org.runstate.device.pci.PciFunction;
import org.runstate.device.pci.PciIdentity;
import org.runstate.core.event.EventBus;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.SuspendDiskEvent;

/**
 * The PIIX4 power-management function at 01.3 (hw/acpi/piix4.c, hw/acpi/core.c) as QEMU 7.2 runs
 * it: the PM I/O block is placed by config register 0x40 (PMBA, base {@code & 0xffc0}) and enabled
 * by bit 0 of 0x80; inside it PM1_STS/PM1_EN at +0, PM1_CNT at +4 and the 24-bit PM timer at +8.
 * A PM1_CNT write with SLP_EN requests S5 (shutdown, guest-shutdown), S3 (suspend) or S4
 * (SUSPEND_DISK then shutdown). The power button sets PWRBTN_STS only if the guest enabled it;
 * a wakeup sets WAK_STS and the reason's bit. The APM command port 0xB2 switches ACPI mode:
 * ACPI_ENABLE (0xf1) sets SCI_EN in PM1_CNT, ACPI_DISABLE (0xf0) clears it.
 *
 * <p>The SCI ({@code acpi_update_sci}) is the level {@code (PM1_STS & PM1_EN & (RTC|PWRBTN|GBL|TMR))
 * != 0 || (GPE0_STS[0] & GPE0_EN[0]) != 0}, set on the SCI line (GSI 9) after every PM1_STS,
 * PM1_EN and GPE0 write, a power button press the guest enabled, the reset and the PM timer's
 * overflow timer; QEMU does not look at SCI_EN for it. While TMR_EN is set and TMR_STS clear, a
 * virtual-clock timer is armed for the next overflow (bit 23 of the PM timer toggling); when it
 * expires it requests a PMTIMER wakeup (ignored unless suspended) and updates the SCI. The SMI QEMU
 * raises for other APM commands when 0x5b bit 1 allows it is not modelled.
 *
 * <p>QEMU quirks kept: the reset rewrites only the low byte of PMBA (so 0x0601 survives), a
 * 32-bit access to PM1 registers is invalid (reads 0, write dropped), a byte write to PM1_EN
 * clears its high byte and a byte write to PM1_CNT replaces the whole register.
 */
final class Piix4Pm extends PciFunction {
    /** QEMU's {@code PM_TIMER_FREQUENCY}. */
    static final long PM_TIMER_HZ = 3_579_545L;
    static final int TMR_STS = 0x0001;
    static final int PWRBTN_STS = 0x0100;
    static final int RTC_STS = 0x0400;
    static final int WAK_STS = 0x8000;
    static final int TMR_EN = 0x0001;
    static final int GBL_EN = 0x0020;
    static final int PWRBTN_EN = 0x0100;
    static final int RTC_EN = 0x0400;
    /** {@code ACPI_BITMASK_PM1_COMMON_ENABLED}: the PM1 enables that raise the SCI. */
    static final int PM1_SCI_ENABLES = RTC_EN | PWRBTN_EN | GBL_EN | TMR_EN;
    /** The GSI the pc connects the SCI to ({@code x86ms->gsi[9]}). */
    static final int SCI_GSI = 9;
    static final int SLP_EN = 0x2000;
    /** PM1_CNT bit 0 ({@code ACPI_BITMASK_SCI_ENABLE}). */
    static final int SCI_EN = 0x0001;
    /** The APM commands of QEMU's FADT for PIIX4 ({@code ACPI_ENABLE}, {@code ACPI_DISABLE}). */
    static final int APM_ACPI_ENABLE = 0xf1;
    static final int APM_ACPI_DISABLE = 0xf0;
    /** The PIIX4 {@code s4_val} property's default: SLP_TYP 2 is S4. */
    static final int S4_VAL = 2;
    /** The GPE0 block's fixed port ({@code GPE_BASE}). */
    static final int GPE0_PORT = 0xafe0;

    private final SystemRequests requests;
    private final EventBus events;
    private final Clock virtualClock;
    private final AddressSpace io;
    private final IrqLine sci;
    private final ClockTimer overflowTimer;
    private int sts;
    private int en;
    private int cnt;
    private long overflowTicks;
    private final byte[] gpe = new byte[4];
    private AddressSpace.Mapping[] pmMappings = new AddressSpace.Mapping[0];
    private long pmBase = -1;

    Piix4Pm(final SystemRequests requests, final EventBus events, final Clock virtualClock, final AddressSpace io,
            final IrqLine sci) {
        super("PIIX4_PM", new PciIdentity(0x8086, 0x7113, 0x03, 0x068000, 0x00,
                PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 1));
        this.requests = requests;
        this.events = events;
        this.virtualClock = virtualClock;
        this.io = io;
        this.sci = sci;
        this.overflowTimer = virtualClock.newTimer(this::overflowTimerExpired);
        putWord(STATUS, 0x0280);
        config[0x90] = 0x01; // SMBus base 0xb100, enabled (the SMBus controller itself is not modelled)
        config[0x91] = (byte) 0xb1;
        config[0xd2] = 0x09;
        config[0x5f] = 0x10;
        config[0x63] = 0x60;
        io.map(GPE0_PORT, 4, gpeRegion(), "acpi-gpe0");
        io.map(ApmPorts.PORT, ApmPorts.SIZE, new ApmPorts(this::apmCommand), "apm-io");
        synchronized (this) {
            resetDevice();
        }
    }

    @Override
    public synchronized void configWrite(final int offset, final int size, final int value) {
        super.configWrite(offset, size, value);
        if (offset < 0x44 && offset + size > 0x40 || offset <= 0x80 && offset + size > 0x80) {
            updatePmIo();
        }
    }

    /** {@code piix4_pm_reset} (TCG: SMM enabled, so 0x5b stays 0 and PM1_CNT resets to 0). */
    @Override
    protected void resetDevice() {
        for (int i = 0x58; i <= 0x5b; i++) {
            config[i] = 0;
        }
        config[0x40] = 0x01; // only the low byte: the rest of PMBA survives the reset
        config[0x80] = 0;
        sts = 0;
        en = 0;
        requests.setWakeupEnabled(WakeupReason.RTC, false);
        requests.setWakeupEnabled(WakeupReason.PMTIMER, false);
        cnt = 0;
        overflowTicks = 0; // acpi_pm_tmr_reset
        overflowTimer.cancel();
        java.util.Arrays.fill(gpe, (byte) 0);
        updateSci();
        updatePmIo();
    }

    /** {@code apm_ctrl_changed}: a write to the APM command port. */
    private synchronized void apmCommand(final int command) {
        if (command == APM_ACPI_ENABLE) {
            cnt |= SCI_EN;
        } else if (command == APM_ACPI_DISABLE) {
            cnt &= ~SCI_EN;
        }
    }

    /** The powerdown notifier ({@code acpi_pm1_evt_power_down}). */
    synchronized void powerButton() {
        if ((en & PWRBTN_EN) != 0) {
            sts |= PWRBTN_STS;
            updateSci();
        }
    }

    /**
     * The wakeup notifier ({@code acpi_notify_wakeup}); runs after the wakeup's device reset.
     *
     * @param reason why the guest woke
     */
    synchronized void wakeup(final WakeupReason reason) {
        switch (reason) {
            case RTC -> sts |= WAK_STS | RTC_STS;
            case PMTIMER -> sts |= WAK_STS | TMR_STS;
            case OTHER -> sts |= WAK_STS | PWRBTN_STS; // QEMU pretends the power button woke it
            default -> { }
        }
    }

    /** {@code muldiv64(virtual ns, 3579545, 1e9)}, split so it cannot overflow. */
    private long ticks() {
        long ns = virtualClock.nowNs();
        return ns / 1_000_000_000L * PM_TIMER_HZ + ns % 1_000_000_000L * PM_TIMER_HZ / 1_000_000_000L;
    }

    /** {@code muldiv64(overflow_time, 1e9, PM_TIMER_FREQUENCY)}: when the next overflow is due, in ns. */
    private long overflowNs() {
        return overflowTicks / PM_TIMER_HZ * 1_000_000_000L + overflowTicks % PM_TIMER_HZ * 1_000_000_000L / PM_TIMER_HZ;
    }

    /** {@code acpi_pm1_evt_get_sts}: compares nanoseconds, as the overflow timer does. */
    private int status() {
        if (virtualClock.nowNs() >= overflowNs()) {
            sts |= TMR_STS;
        }
        return sts;
    }

    /** {@code acpi_update_sci}: drives the SCI, then arms or stops the overflow timer. */
    private void updateSci() {
        int status = status();
        boolean level = (status & en & PM1_SCI_ENABLES) != 0 || (gpe[0] & gpe[2]) != 0;
        sci.set(level ? 1 : 0);
        if ((en & TMR_EN) != 0 && (status & TMR_STS) == 0) {
            overflowTimer.mod(overflowNs());
        } else {
            overflowTimer.cancel();
        }
    }

    /** {@code acpi_pm_tmr_timer}: runs on the control thread. */
    private void overflowTimerExpired() {
        try {
            requests.wakeup(WakeupReason.PMTIMER);
        } catch (RunStateCommandException e) {
            // not suspended: qemu_system_wakeup_request with a NULL errp ignores it
        }
        synchronized (this) {
            updateSci();
        }
    }

    private void writeStatus(final int value) {
        if ((status() & value & TMR_STS) != 0) {
            overflowTicks = (ticks() + 0x800000L) & ~0x7fffffL; // the next bit-23 toggle
        }
        sts &= ~value;
    }

    private void writeEnable(final int value) {
        en = value & 0xffff;
        requests.setWakeupEnabled(WakeupReason.RTC, (value & RTC_EN) != 0);
        requests.setWakeupEnabled(WakeupReason.PMTIMER, (value & TMR_EN) != 0);
    }

    /** {@code acpi_pm1_cnt_write}. Runs in the writing vCPU's context, so requests stop that vCPU. */
    private void writeControl(final int value) {
        cnt = value & ~SLP_EN & 0xffff;
        if ((value & SLP_EN) == 0) {
            return;
        }
        int type = (value >> 10) & 7;
        if (type == 0) {
            requests.shutdown(ShutdownCause.GUEST_SHUTDOWN);
        } else if (type == 1) {
            requests.suspend();
        } else if (type == S4_VAL) {
            events.emit(SuspendDiskEvent.INSTANCE);
            requests.shutdown(ShutdownCause.GUEST_SHUTDOWN);
        }
    }

    /** {@code pm_io_space_update}. */
    private void updatePmIo() {
        long base = (Integer.toUnsignedLong(configRead(0x40, 4))) & 0xffc0;
        boolean enabled = (config[0x80] & 1) != 0;
        long target = enabled ? base : -1;
        if (target == pmBase) {
            return;
        }
        for (AddressSpace.Mapping m : pmMappings) {
            m.unmap();
        }
        pmMappings = new AddressSpace.Mapping[0];
        pmBase = target;
        if (enabled) {
            pmMappings = new AddressSpace.Mapping[] {
                io.map(base, 4, evtRegion(), "acpi-evt"),
                io.map(base + 4, 2, cntRegion(), "acpi-cnt"),
                io.map(base + 8, 4, timerRegion(), "acpi-tmr"),
            };
        }
    }

    private IoRegion evtRegion() {
        return new PmRegion(2) {
            @Override
            public long read(final long offset, final int size) {
                synchronized (Piix4Pm.this) {
                    return offset == 0 ? status() : offset == 2 ? en : 0;
                }
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                synchronized (Piix4Pm.this) {
                    if (offset == 0) {
                        writeStatus((int) value);
                        updateSci();
                    } else if (offset == 2) {
                        writeEnable((int) value);
                        updateSci();
                    }
                }
            }
        };
    }

    private IoRegion cntRegion() {
        return new PmRegion(2) {
            @Override
            public long read(final long offset, final int size) {
                synchronized (Piix4Pm.this) {
                    return cnt;
                }
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                synchronized (Piix4Pm.this) {
                    writeControl((int) value);
                }
            }
        };
    }

    private IoRegion timerRegion() {
        return new PmRegion(4) {
            @Override
            public long read(final long offset, final int size) {
                return ticks() & 0xffffff;
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                // the PM timer is read-only
            }
        };
    }

    private IoRegion gpeRegion() {
        return new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                synchronized (Piix4Pm.this) {
                    return gpe[(int) offset] & 0xff;
                }
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                synchronized (Piix4Pm.this) {
                    int i = (int) offset;
                    gpe[i] = i < 2 ? (byte) (gpe[i] & ~value) : (byte) value; // status bytes clear on 1
                    updateSci();
                }
            }

            @Override
            public int maxAccessSize() {
                return 1;
            }
        };
    }

    /** A PM register block: valid 1..{@code impl} bytes, implemented at {@code impl} bytes. */
    private abstract static class PmRegion implements IoRegion {
        private final int impl;

        PmRegion(final int impl) {
            this.impl = impl;
        }

        @Override
        public int minAccessSize() {
            return impl;
        }

        @Override
        public int validMaxSize() {
            return impl;
        }
    }
}
