package org.runstate.watchdog;

/**
 * The guest side: what Linux's mainline drivers/watchdog/i6300esb.c (since v4.15) does to the
 * device, access for access (devices.md §1.10). Unlock is two 16-bit writes of 0x80 and 0x86 to
 * the reload register.
 */
final class LinuxEsbDriver {
    /** {@code WDIOF_CARDRESET}, the boot status after a watchdog reboot. */
    static final int WDIOF_CARDRESET = 0x0020;
    private static final int ESB_CONFIG_REG = 0x60;
    private static final int ESB_LOCK_REG = 0x68;
    private static final int ESB_TIMER1_REG = 0x00;
    private static final int ESB_TIMER2_REG = 0x04;
    private static final int ESB_RELOAD_REG = 0x0c;
    private static final int ESB_WDT_ENABLE = 0x02;
    private static final int ESB_WDT_LOCK = 0x01;
    private static final int ESB_WDT_RELOAD = 0x100;
    private static final int ESB_WDT_TIMEOUT = 0x200;

    private final EsbHarness h;
    private final boolean nowayout;
    int bootstatus;
    int heartbeat;

    LinuxEsbDriver(final EsbHarness h, final boolean nowayout) {
        this.h = h;
        this.nowayout = nowayout;
    }

    /** A driver (nowayout off) after {@code esb_probe} with {@code heartbeatSeconds}. */
    static LinuxEsbDriver probed(final EsbHarness h, final int heartbeatSeconds) {
        LinuxEsbDriver drv = new LinuxEsbDriver(h, false);
        drv.probe(heartbeatSeconds);
        return drv;
    }

    /** A driver after probe and {@code start}: /dev/watchdog opened, as a daemon does at boot. */
    static LinuxEsbDriver started(final EsbHarness h, final int heartbeatSeconds) {
        LinuxEsbDriver drv = probed(h, heartbeatSeconds);
        drv.start();
        return drv;
    }

    /** {@link #started} with the module's {@code nowayout} set: closing cannot stop the watchdog. */
    static LinuxEsbDriver startedNowayout(final EsbHarness h, final int heartbeatSeconds) {
        LinuxEsbDriver drv = new LinuxEsbDriver(h, true);
        drv.probe(heartbeatSeconds);
        drv.start();
        return drv;
    }

    private void unlockRegisters() {
        h.writeMem(EsbHarness.BAR + ESB_RELOAD_REG, 2, 0x80);
        h.writeMem(EsbHarness.BAR + ESB_RELOAD_REG, 2, 0x86);
    }

    /** {@code esb_probe}: PCI enable (BAR0 mapped), {@code esb_initdevice}, then set_timeout. */
    void probe(final int heartbeatSeconds) {
        h.mapBar();
        h.cfgWrite(ESB_CONFIG_REG, 2, 0x0003); // output enabled, ~1 kHz, no interrupt
        h.cfgRead(ESB_LOCK_REG, 1); // "nowayout already set" check
        h.cfgWrite(ESB_LOCK_REG, 1, 0x00); // watchdog mode, disabled
        unlockRegisters();
        int val = (int) h.readMem(EsbHarness.BAR + ESB_RELOAD_REG, 2);
        if ((val & ESB_WDT_TIMEOUT) != 0) {
            bootstatus = WDIOF_CARDRESET;
        }
        unlockRegisters();
        h.writeMem(EsbHarness.BAR + ESB_RELOAD_REG, 2, ESB_WDT_TIMEOUT | ESB_WDT_RELOAD); // clear flag, reload
        setTimeout(heartbeatSeconds);
    }

    /** {@code esb_timer_set_heartbeat}: each stage gets {@code t << 9} ticks of ~1 kHz. */
    void setTimeout(final int seconds) {
        int val = seconds << 9;
        unlockRegisters();
        h.writeMem(EsbHarness.BAR + ESB_TIMER1_REG, 4, val);
        unlockRegisters();
        h.writeMem(EsbHarness.BAR + ESB_TIMER2_REG, 4, val);
        unlockRegisters();
        h.writeMem(EsbHarness.BAR + ESB_RELOAD_REG, 2, ESB_WDT_RELOAD);
        heartbeat = seconds;
    }

    /** {@code esb_timer_start}: reload, then enable (and lock with nowayout). */
    void start() {
        unlockRegisters();
        h.writeMem(EsbHarness.BAR + ESB_RELOAD_REG, 2, ESB_WDT_RELOAD);
        h.cfgWrite(ESB_LOCK_REG, 1, ESB_WDT_ENABLE | (nowayout ? ESB_WDT_LOCK : 0));
    }

    /** {@code esb_timer_keepalive}. */
    void ping() {
        unlockRegisters();
        h.writeMem(EsbHarness.BAR + ESB_RELOAD_REG, 2, ESB_WDT_RELOAD);
    }

    /** A watchdog daemon's keep-alive: {@code seconds} times, one second of virtual time, then a ping. */
    void pingEverySecondFor(final int seconds) {
        for (int i = 0; i < seconds; i++) {
            h.step(1_000_000_000L);
            ping();
        }
    }

    /**
     * {@code esb_timer_stop}.
     *
     * @return 0 when stopped, non-zero when the lock kept it running
     */
    int stop() {
        unlockRegisters();
        h.writeMem(EsbHarness.BAR + ESB_RELOAD_REG, 2, ESB_WDT_RELOAD);
        h.cfgWrite(ESB_LOCK_REG, 1, 0x00);
        return (int) h.cfgRead(ESB_LOCK_REG, 1) & ESB_WDT_ENABLE;
    }

    /** The virtual time both stages of one heartbeat take: {@code 2 × (t << 9) × 983,040 ns}. */
    long heartbeatNs() {
        return 2 * EsbCountdown.timeoutNs(heartbeat << 9, false);
    }
}
