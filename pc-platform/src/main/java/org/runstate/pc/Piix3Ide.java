package org.runstate.pc;

import org.runstate.device.UnimplementedRegion;
import org.runstate.device.pci.PciFunction;
import org.runstate.device.pci.PciIdentity;

/**
 * The PIIX3 IDE function at 01.1 as a guest probing the bus sees it: 8086:7010, class 0x010180,
 * status 0x0280, and the 16-byte bus-master DMA I/O BAR4 (sizing reads 0xfffffff1). The IDE
 * controller itself is not emulated: the BAR decodes an {@link UnimplementedRegion}.
 */
final class Piix3Ide extends PciFunction {
    Piix3Ide() {
        super("piix3-ide", new PciIdentity(0x8086, 0x7010, 0x00, 0x010180, 0x00,
                PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 0));
        putWord(STATUS, 0x0280);
        addBar(4, true, 16, new UnimplementedRegion("piix3-ide bmdma"));
    }
}
