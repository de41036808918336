/**
 * The device SPI that emulated devices plug into: guest address spaces
 * ({@link org.runstate.device.AddressSpace}) of {@link org.runstate.device.IoRegion}s for port I/O
 * and MMIO, with QEMU's access splitting, guest RAM, IRQ lines, the MSR space and the device tree
 * QOM queries walk. A device takes the pieces it needs (a port space, an MSR space, a PCI bus) and
 * the {@link org.runstate.core.Machine} it reports to; a platform such as the pc creates them.
 */
package org.runstate.device;
