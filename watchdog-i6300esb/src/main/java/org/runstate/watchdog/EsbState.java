package org.runstate.watchdog;

/**
 * The watchdog's registers: QEMU's {@code struct I6300State} without the timer, with
 * {@code i6300esb_reset}'s values and the encodings of config registers 0x60 and 0x68
 * ({@code i6300esb_config_read/write}). Not thread-safe: the device's monitor guards it.
 */
final class EsbState {
    /** Config register 0x60 bit 5, {@code ESB_WDT_REBOOT}: 1 means "no action at stage-2 expiry". */
    static final int CONFIG_NO_REBOOT = 0x20;
    /** Config register 0x60 bit 2, {@code ESB_WDT_FREQ}: 1 selects the "1 MHz" scale. */
    static final int CONFIG_FREQ_1MHZ = 0x04;
    /**
     * {@code ESB_WDT_INTTYPE}: QEMU masks the interrupt type with 0x11, not 0x03 (a QEMU bug kept on
     * purpose): Linux's 0x0003 reads back 0x0001, bit 4 is writable and SMI (2) cannot be chosen.
     */
    static final int CONFIG_INTTYPE_MASK = 0x11;
    /** Lock register 0x68 bit 2, {@code ESB_WDT_FUNC}: free-running mode. */
    static final int LOCK_FREE_RUN = 0x04;
    /** Lock register 0x68 bit 1, {@code ESB_WDT_ENABLE}. */
    static final int LOCK_ENABLE = 0x02;
    /** Lock register 0x68 bit 0, {@code ESB_WDT_LOCK}: further lock-register writes are ignored until reset. */
    static final int LOCK_LOCK = 0x01;
    /** {@code INT_TYPE_IRQ}: stage 1 would raise "APIC 1, INT 10". */
    static final int INT_TYPE_IRQ = 0;
    /** {@code INT_TYPE_SMI}: unreachable through the 0x11 mask. */
    static final int INT_TYPE_SMI = 2;
    /** Preload registers hold 20 bits; the reset value is all of them. */
    static final int PRELOAD_MASK = 0xFFFFF;

    /** Whether a stage-2 expiry performs the watchdog action (config bit 5 clear). */
    boolean rebootEnabled;
    /** {@code CLOCK_SCALE_1MHZ} when true, {@code CLOCK_SCALE_1KHZ} when false. */
    boolean scale1Mhz;
    /** {@code int_type}: {@code data & 0x11}, so 0x00, 0x01, 0x10 or 0x11. */
    int intType;
    /** Lock register bit 2. */
    boolean freeRun;
    /** Lock register bit 0. */
    boolean locked;
    /** Lock register bit 1. */
    boolean enabled;
    /** Stage-1 preload, 20 bits. */
    int timer1Preload;
    /** Stage-2 preload, 20 bits. */
    int timer2Preload;
    /** The running stage, 1 or 2. */
    int stage;
    /** 0, then 1 after 0x80, then 2 after 0x86 (written to MMIO 0x0C). */
    int unlockState;
    /**
     * "The watchdog caused the last reboot": set at a stage-2 expiry, cleared only by the guest.
     * {@link #reset()} leaves it alone and only realize clears it, so it survives every reset.
     */
    boolean previousRebootFlag;

    EsbState() {
        reset();
        previousRebootFlag = false; // i6300esb_realize
    }

    /** {@code i6300esb_reset} without the timer deletion; {@link #previousRebootFlag} is kept. */
    void reset() {
        rebootEnabled = true;
        scale1Mhz = false;
        intType = INT_TYPE_IRQ;
        freeRun = false;
        locked = false;
        enabled = false;
        timer1Preload = PRELOAD_MASK;
        timer2Preload = PRELOAD_MASK;
        stage = 1;
        unlockState = 0;
    }

    /**
     * A 16-bit write of config register 0x60. It does not touch a running countdown: the new
     * scale is used at the next (re)start.
     *
     * @param data the value written
     */
    void writeConfigRegister(final int data) {
        rebootEnabled = (data & CONFIG_NO_REBOOT) == 0;
        scale1Mhz = (data & CONFIG_FREQ_1MHZ) != 0;
        intType = data & CONFIG_INTTYPE_MASK;
    }

    /**
     * A 16-bit read of config register 0x60.
     *
     * @return {@code (reboot ? 0 : 0x20) | (1MHz ? 0x04 : 0) | int_type}
     */
    int configRegister() {
        return (rebootEnabled ? 0 : CONFIG_NO_REBOOT) | (scale1Mhz ? CONFIG_FREQ_1MHZ : 0) | intType;
    }

    /**
     * An 8-bit read of the lock register 0x68.
     *
     * @return {@code free_run << 2 | enabled << 1 | locked}
     */
    int lockRegister() {
        return (freeRun ? LOCK_FREE_RUN : 0) | (locked ? LOCK_LOCK : 0) | (enabled ? LOCK_ENABLE : 0);
    }

    /**
     * The preload of a stage ({@code stage <= 1 ? timer1_preload : timer2_preload}).
     *
     * @param forStage 1 or 2
     * @return the 20-bit preload
     */
    int preload(final int forStage) {
        return forStage <= 1 ? timer1Preload : timer2Preload;
    }
}
