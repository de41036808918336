/**
 * A conventional PCI bus: {@link org.runstate.device.pci.PciBus} decodes the configuration
 * mechanism #1 ports and places functions as {@code -device NAME[,addr=SLOT.FN]} does;
 * {@link org.runstate.device.pci.PciFunction} is a function's configuration space with its BARs and
 * QEMU's generic reset, {@link org.runstate.device.pci.PciIdentity} its identity registers.
 */
package org.runstate.device.pci;
