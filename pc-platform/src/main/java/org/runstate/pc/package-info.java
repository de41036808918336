/**
 * QEMU 7.2's i440FX pc platform on the device SPI: {@link org.runstate.pc.PcPlatform} installs on a
 * machine the i440FX host bridge, PIIX3 ISA bridge and IDE function, PIIX4 power management (ACPI
 * S3/S5, SCI), the i8042 and port 92 reset paths, the APM ports and the MC146818 RTC with its CMOS,
 * and hands devices its PCI bus, port space, MSR space and IRQ lines to plug into.
 */
package org.runstate.pc;
