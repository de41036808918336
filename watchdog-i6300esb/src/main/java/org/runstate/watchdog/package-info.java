/**
 * QEMU 7.2's x86 watchdogs, register for register as it emulates them, quirks included: the Intel
 * 6300ESB PCI watchdog ({@code -device i6300esb}, {@code hw/watchdog/wdt_i6300esb.c}) and the
 * iBASE 700 ISA watchdog ({@code -device ib700}, {@code hw/watchdog/wdt_ib700.c}). Both run the
 * machine's shared watchdog action.
 *
 * <p>{@link org.runstate.watchdog.I6300EsbWatchdog} and {@link org.runstate.watchdog.Ib700Watchdog}
 * are the public types; the ib700 is one class (its timer and its port list). The i6300esb follows
 * QEMU's file: {@code EsbState} is {@code I6300State} and {@code i6300esb_reset},
 * {@code EsbCountdown} is {@code i6300esb_restart_timer} and {@code i6300esb_timer_expired},
 * {@code EsbMmio} is {@code i6300esb_ops} (BAR0), and the device class decodes config registers
 * 0x60 and 0x68 ({@code i6300esb_config_read/write}).
 *
 * <p>Threading: guest accesses come from vCPU threads (or from the control thread acting as a
 * vCPU, for qtest), and the countdown timer fires on the control thread. All device state is
 * guarded by the device's monitor, for the i6300esb the same one
 * {@link org.runstate.device.pci.PciFunction} synchronizes its config space on. Holding it stands in for QEMU's BQL, so an expiry is atomic
 * with respect to register accesses, as it is in QEMU.
 */
package org.runstate.watchdog;
