/**
 * Guest panic devices of QEMU 7.2's pc machine: pvpanic on ISA ({@code -device pvpanic}) and PCI
 * ({@code -device pvpanic-pci}), and the Hyper-V crash MSRs ({@code -cpu MODEL,hv-crash}).
 *
 * <p>Entry points: {@link org.runstate.panic.PvpanicIsa#plug}, {@link org.runstate.panic.PvpanicPci#plug}
 * and {@link org.runstate.panic.HypervCrashMsrs#install}. All three report through the machine's
 * {@link org.runstate.core.PanicHandler}, so the panic and shutdown actions, the GUEST_PANICKED /
 * GUEST_CRASHLOADED events and the run-state consequences are the core's, exactly as every QEMU
 * device calls {@code qemu_system_guest_panicked}. A guest access (a vCPU thread, or the control
 * thread acting as a vCPU for qtest) makes the stop a request, so with panic action shutdown the
 * SHUTDOWN comes first and no STOP is seen, as with a real guest.
 *
 * <p>Inside: {@code PvpanicRegister} is {@code pvpanic_ops} (hw/misc/pvpanic.c), shared by both
 * pvpanic variants; {@code UnknownEventLog} is its once-only "unknown event" log line.
 */
package org.runstate.panic;
