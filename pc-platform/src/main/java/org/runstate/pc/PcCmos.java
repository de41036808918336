package org.runstate.pc;

/**
 * The CMOS bytes the pc board sets for its firmware (hw/i386/pc.c {@code pc_cmos_init},
 * {@code set_boot_dev}, hw/i386/x86.c {@code x86_rtc_set_cpus_count}) and the boot order QEMU
 * restores after a {@code -boot once=} boot (softmmu/bootdevice.c {@code restore_boot_order}).
 *
 * <table>
 * <caption>CMOS bytes</caption>
 * <tr><th>byte</th><th>value</th></tr>
 * <tr><td>0x10</td><td>floppy drive types: 0 (QEMU's isa-fdc has no drives without {@code -drive})</td></tr>
 * <tr><td>0x12, 0x39</td><td>IDE disk types and translation: 0 (no disks)</td></tr>
 * <tr><td>0x14</td><td>equipment: 0x06 (FPU, PS/2 mouse)</td></tr>
 * <tr><td>0x15-0x16</td><td>base memory in KiB, at most 640</td></tr>
 * <tr><td>0x17-0x18, 0x30-0x31</td><td>KiB between 1 MiB and the end of RAM below 4 GiB, at most 65535</td></tr>
 * <tr><td>0x34-0x35</td><td>64 KiB blocks between 16 MiB and the end of RAM below 4 GiB, at most 65535</td></tr>
 * <tr><td>0x38</td><td>third boot device in bits 7-4; bit 0 set with {@code -no-fd-bootchk}</td></tr>
 * <tr><td>0x3d</td><td>second boot device in bits 7-4, first in bits 3-0 (1 floppy, 2 disk, 3 CD-ROM, 4 network)</td></tr>
 * <tr><td>0x5b-0x5d</td><td>64 KiB blocks of RAM above 4 GiB</td></tr>
 * <tr><td>0x5f</td><td>vCPUs - 1 (0 above 255)</td></tr>
 * </table>
 */
final class PcCmos {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final int REG_EQUIPMENT_BYTE = 0x14;
    /** {@code PC_MAX_BOOT_DEVICES}. */
    private static final int MAX_BOOT_DEVICES = 3;

    private final Mc146818Rtc rtc;
    private final boolean fdBootchk;
    /** The order to go back to at the second reset after a {@code once} boot, or null. */
    private String restoreOrder;
    /** {@code restore_boot_order}'s {@code first}: the reset that ends machine creation is skipped. */
    private boolean firstReset = true;

    private PcCmos(final Mc146818Rtc rtc, final boolean fdBootchk) {
        this.rtc = rtc;
        this.fdBootchk = fdBootchk;
    }

    /**
     * Fills the CMOS as {@code pc_cmos_init} and the machine-done notifier do, and applies
     * {@code -boot once=}.
     *
     * @param rtc the RTC
     * @param belowFourGig RAM below 4 GiB, in bytes
     * @param aboveFourGig RAM from 4 GiB on, in bytes
     * @param cpus the vCPU count
     * @param config the boot configuration
     * @return the CMOS handler, whose {@link #reset()} must run at every system reset
     * @throws IllegalArgumentException with QEMU's message for a boot order the pc cannot take
     */
    static PcCmos init(final Mc146818Rtc rtc, final long belowFourGig, final long aboveFourGig, final int cpus,
            final PcPlatform.Config config) {
        PcCmos c = new PcCmos(rtc, config.fdBootchk());
        long val = Math.min(belowFourGig / KIB, 640);
        rtc.setMemory(0x15, (int) val);
        rtc.setMemory(0x16, (int) (val >> 8));
        val = belowFourGig > MIB ? Math.min((belowFourGig - MIB) / KIB, 65535) : 0;
        rtc.setMemory(0x17, (int) val);
        rtc.setMemory(0x18, (int) (val >> 8));
        rtc.setMemory(0x30, (int) val);
        rtc.setMemory(0x31, (int) (val >> 8));
        val = belowFourGig > 16 * MIB ? Math.min((belowFourGig - 16 * MIB) / (64 * KIB), 65535) : 0;
        rtc.setMemory(0x34, (int) val);
        rtc.setMemory(0x35, (int) (val >> 8));
        val = aboveFourGig / 65536;
        rtc.setMemory(0x5b, (int) val);
        rtc.setMemory(0x5c, (int) (val >> 8));
        rtc.setMemory(0x5d, (int) (val >> 16));
        c.setBootDevices(config.bootOrder());
        rtc.setMemory(REG_EQUIPMENT_BYTE, 0x02 | 0x04); // FPU, PS/2 mouse
        // pc_cmos_init_late: no IDE disks (0x12, 0x39) and no floppy drives (0x10): all zero
        rtc.setMemory(0x12, 0);
        rtc.setMemory(0x39, 0);
        rtc.setMemory(0x10, 0);
        rtc.setMemory(0x5f, cpus > 0xff ? 0 : cpus - 1);
        if (config.bootOnce() != null) {
            c.setBootDevices(config.bootOnce());
            c.restoreOrder = config.bootOrder();
        }
        return c;
    }

    /** {@code restore_boot_order}, a reset handler until it has restored the order once. */
    synchronized void reset() {
        if (restoreOrder == null) {
            return;
        }
        if (firstReset) {
            firstReset = false;
            return;
        }
        setBootDevices(restoreOrder);
        restoreOrder = null;
    }

    /** {@code set_boot_dev}. */
    private void setBootDevices(final String order) {
        if (order.length() > MAX_BOOT_DEVICES) {
            throw new IllegalArgumentException("Too many boot devices for PC");
        }
        int[] bds = new int[MAX_BOOT_DEVICES];
        for (int i = 0; i < order.length(); i++) {
            bds[i] = bootDeviceNibble(order.charAt(i));
            if (bds[i] == 0) {
                throw new IllegalArgumentException("Invalid boot device for PC: '" + order.charAt(i) + "'");
            }
        }
        rtc.setMemory(0x3d, bds[1] << 4 | bds[0]);
        rtc.setMemory(0x38, bds[2] << 4 | (fdBootchk ? 0x0 : 0x1));
    }

    /** {@code boot_device2nibble}. */
    private static int bootDeviceNibble(final char device) {
        return switch (device) {
            case 'a', 'b' -> 0x01; // floppy
            case 'c' -> 0x02; // hard disk
            case 'd' -> 0x03; // CD-ROM
            case 'n' -> 0x04; // network
            default -> 0;
        };
    }
}
