package org.runstate.pc;

import org.runstate.device.pci.PciFunction;
import org.runstate.device.pci.PciIdentity;

/**
 * The i440FX host bridge at 00.0 (hw/pci-host/i440fx.c): identity 8086:1237 rev 2, class 0x0600.
 * QEMU gives it no reset handler, so its PAM/SMRAM registers survive a system reset; only the bus's
 * generic reset applies. Register 0x57 reports the RAM size in 8 MiB units, 0x72 (SMRAM) is 0x02.
 */
final class I440fx extends PciFunction {
    I440fx(final long ramBytes) {
        super("i440FX", new PciIdentity(0x8086, 0x1237, 0x02, 0x060000, 0x00,
                PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 0));
        config[0x57] = (byte) Math.min(0xff, ramBytes >> 23);
        config[0x72] = 0x02;
    }
}
