package org.runstate.pc;

import org.runstate.core.SystemRequests;
import org.runstate.device.IoRegion;
import org.runstate.device.pci.PciFunction;
import org.runstate.device.pci.PciIdentity;
import org.runstate.core.qapi.ShutdownCause;

/**
 * PIIX3 PCI-to-ISA bridge at 01.0 (hw/isa/piix3.c): 8086:7000, class 0x0601, multi-function, and
 * its reset control register at port 0xCF9 (overlaying the PCI config address register there).
 */
final class Piix3Isa extends PciFunction {
    /** The reset control register's port. */
    static final int RCR_PORT = 0xcf9;

    private final SystemRequests requests;
    private int rcr;

    Piix3Isa(final SystemRequests requests) {
        super("PIIX3", new PciIdentity(0x8086, 0x7000, 0x00, 0x060100, 0x80,
                PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 0));
        this.requests = requests;
        putWord(STATUS, 0x0200);
        resetDevice();
    }

    /** {@code piix3_reset}: the registers QEMU sets; others keep their values. */
    @Override
    protected void resetDevice() {
        putWord(COMMAND, 0x0007); // then cleared by the bus's generic reset, as in QEMU
        config[0x4c] = 0x4d;
        config[0x4e] = 0x03;
        config[0x4f] = 0x00;
        for (int i = 0x60; i <= 0x63; i++) {
            config[i] = (byte) 0x80; // PIRQ routing disabled
        }
        config[0x64] = 0x00;
        config[0x69] = 0x02;
        config[0x70] = (byte) 0x80;
        config[0x76] = 0x0c;
        config[0x77] = 0x0c;
        config[0x78] = 0x02;
        config[0x79] = 0x00;
        for (int i : new int[] {0x80, 0x82, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xae}) {
            config[i] = 0;
        }
        config[0xa0] = 0x08;
        config[0xa8] = 0x0f;
        rcr = 0;
    }

    /** The reset control register: bit 2 requests a guest reset; only bit 1 is stored. */
    IoRegion resetControl() {
        return new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                synchronized (Piix3Isa.this) {
                    return rcr;
                }
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                if ((value & 4) != 0) {
                    requests.reset(ShutdownCause.GUEST_RESET);
                    return;
                }
                synchronized (Piix3Isa.this) {
                    rcr = (int) value & 2;
                }
            }

            @Override
            public int maxAccessSize() {
                return 1;
            }
        };
    }
}
