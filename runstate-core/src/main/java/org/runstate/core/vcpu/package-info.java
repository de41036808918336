/**
 * vCPU threads: {@link org.runstate.core.vcpu.VcpuRunLoop} runs an emulator's
 * {@link org.runstate.core.vcpu.VcpuEngine} one slice at a time on each vCPU thread and parks it
 * when the machine stops, halts or unplugs it, as QEMU's {@code cpu_exec} loop and
 * {@code qemu_wait_io_event} do; {@link org.runstate.core.vcpu.Vcpu} is one vCPU's flags and
 * counters as an engine sees them.
 */
package org.runstate.core.vcpu;
