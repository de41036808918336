package org.runstate.device.pci;

/**
 * The read-only identity registers of a PCI function.
 *
 * @param vendorId offset 0x00
 * @param deviceId offset 0x02
 * @param revision offset 0x08
 * @param classCode offsets 0x09-0x0b as one 24-bit value: class, subclass, programming interface
 * @param headerType offset 0x0e (bit 7: multi-function)
 * @param subsystemVendorId offset 0x2c (QEMU gives devices without their own 0x1af4)
 * @param subsystemId offset 0x2e (QEMU's default 0x1100)
 * @param interruptPin offset 0x3d (0: none)
 */
public record PciIdentity(int vendorId, int deviceId, int revision, int classCode, int headerType,
        int subsystemVendorId, int subsystemId, int interruptPin) {
    /** QEMU's default subsystem vendor (Red Hat, {@code PCI_SUBVENDOR_ID_REDHAT_QUMRANET}). */
    public static final int QEMU_SUBSYSTEM_VENDOR = 0x1af4;
    /** QEMU's default subsystem id ({@code PCI_SUBDEVICE_ID_QEMU}). */
    public static final int QEMU_SUBSYSTEM_ID = 0x1100;
}
