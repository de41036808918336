package org.runstate.panic;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.runstate.core.Machine;
import org.runstate.device.MsrHandler;
import org.runstate.device.MsrSpace;
import org.runstate.core.qapi.GuestPanicInformationHyperV;
import org.runstate.core.vcpu.Vcpu;

/**
 * The Hyper-V guest-crash MSRs of {@code -cpu MODEL,hv-crash}, as QEMU 7.2 provides them with KVM
 * (target/i386/kvm/kvm.c, target/i386/cpu-sysemu.c; the guest side of KVM's arch/x86/kvm/hyperv.c;
 * the TLFS "Partition Crash Enlightenment").
 *
 * <table>
 *   <caption>Registers on every vCPU</caption>
 *   <tr><th>MSR</th><th>read</th><th>write</th></tr>
 *   <tr><td>0x40000100..0x40000104 HV_X64_MSR_CRASH_P0..P4</td><td>the value last written (0 after
 *       reset)</td><td>stored, any 64-bit value</td></tr>
 *   <tr><td>0x40000105 HV_X64_MSR_CRASH_CTL</td><td>always 0x8000000000000000: CrashNotify is
 *       supported, CrashMessage (bit 62) is not, so Linux uses the register path</td><td>with
 *       bit 63: guest panic reported; anything else ignored. The read value never
 *       changes.</td></tr>
 * </table>
 *
 * <p>A CRASH_CTL write with CrashNotify reports a guest panic through the machine's panic path
 * ({@code qemu_system_guest_panicked(cpu_get_crash_info(cpu))}) with the information
 * {@code {"type": "hyper-v", "arg1": P0, ..., "arg5": P4}} of the writing vCPU, so GUEST_PANICKED
 * carries it and the panic and shutdown actions apply as for pvpanic. Without {@link #install}
 * the MSRs do not exist and every access faults (#GP).
 *
 * <p>P0..P4 are kept per vCPU, as QEMU keeps {@code env->msr_hv_crash_params} ("Per-VCPU HV
 * MSRs" in target/i386/cpu.h), and a CPU reset clears them (they lie before
 * {@code end_reset_fields}). KVM itself holds one partition-wide copy; guests (Linux
 * {@code hyperv_report_panic}, Windows) write the parameters and CRASH_CTL on the same vCPU, where
 * the two models agree.
 *
 * <p>Thread-safe: each vCPU's registers are written by that vCPU (or by the control thread acting
 * as it for qtest) and may be read from any thread; the values live in an atomic array.
 */
public final class HypervCrashMsrs {
    /** {@code HV_X64_MSR_CRASH_P0}: the first crash parameter (Windows: the bug-check code). */
    public static final long CRASH_P0 = 0x40000100L;
    /** {@code HV_X64_MSR_CRASH_P4}: the last crash parameter. */
    public static final long CRASH_P4 = 0x40000104L;
    /** {@code HV_X64_MSR_CRASH_CTL}: the crash control register. */
    public static final long CRASH_CTL = 0x40000105L;
    /** How many crash parameter MSRs there are ({@code HV_CRASH_PARAMS}). */
    public static final int CRASH_PARAMS = 5;
    /** CRASH_CTL bit 63, CrashNotify ({@code HV_CRASH_CTL_CRASH_NOTIFY}). */
    public static final long CRASH_CTL_NOTIFY = 1L << 63;
    /** CRASH_CTL bit 62, CrashMessage; QEMU never advertises it, so writing it does nothing. */
    public static final long CRASH_CTL_MESSAGE = 1L << 62;
    /**
     * CPUID 0x40000003 EDX bit 10, GuestCrashMsrsAvailable ({@code HV_GUEST_CRASH_MSR_AVAILABLE}),
     * for engines that model the Hyper-V CPUID leaves.
     */
    public static final int CPUID_40000003_EDX_CRASH_MSRS = 1 << 10;

    private final Machine machine;
    private final int vcpuCount;
    /** P0..P4 of vCPU {@code i} at {@code i * CRASH_PARAMS + n}. */
    private final AtomicLongArray params;

    private HypervCrashMsrs(final Machine machine) {
        this.machine = machine;
        vcpuCount = machine.vcpus().vcpus().size();
        params = new AtomicLongArray(vcpuCount * CRASH_PARAMS);
    }

    /**
     * Gives every vCPU of {@code machine} the crash MSRs ({@code -cpu MODEL,hv-crash}) in
     * {@code msrs} and registers their reset (P0..P4 back to 0 on every system reset).
     *
     * @param machine the machine whose vCPUs and panic path the MSRs use
     * @param msrs the machine's MSR space
     * @return the MSRs, for reading crash information
     * @throws IllegalStateException if MSRs in 0x40000100..0x40000105 are already registered
     *     (installed twice)
     */
    public static HypervCrashMsrs install(final Machine machine, final MsrSpace msrs) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(msrs, "msrs");
        HypervCrashMsrs crash = new HypervCrashMsrs(machine);
        msrs.register(CRASH_P0, CRASH_CTL, crash.new Registers());
        machine.addResetHandler(cause -> crash.reset());
        return crash;
    }

    /**
     * One crash parameter of one vCPU, as the guest would read it.
     *
     * @param vcpuIndex the vCPU ({@code cpu_index})
     * @param n 0..4 for P0..P4
     * @return the value (unsigned 64-bit)
     */
    public long parameter(final int vcpuIndex, final int n) {
        return params.get(slot(vcpuIndex, n));
    }

    /**
     * The crash parameters of a vCPU as panic information ({@code x86_cpu_get_crash_info}):
     * arg1..arg5 = P0..P4.
     *
     * @param vcpuIndex the vCPU
     * @return the current values
     */
    public GuestPanicInformationHyperV parameters(final int vcpuIndex) {
        int base = slot(vcpuIndex, 0);
        return new GuestPanicInformationHyperV(params.get(base), params.get(base + 1), params.get(base + 2),
                params.get(base + 3), params.get(base + 4));
    }

    /**
     * The x86 CPU property {@code crash-information}: the vCPU's crash parameters if a guest panic
     * was reported on it since its last reset. QEMU fails the property with {@code No crash
     * occurred} where this is empty (for example after a pvpanic panic raised by another vCPU, or
     * after {@code system_reset}).
     *
     * @param vcpuIndex the vCPU
     * @return the information, or empty when no crash occurred on that vCPU
     */
    public Optional<GuestPanicInformationHyperV> crashInformation(final int vcpuIndex) {
        Vcpu vcpu = machine.vcpus().vcpus().get(vcpuIndex);
        return vcpu.crashOccurred() ? Optional.of(parameters(vcpuIndex)) : Optional.empty();
    }

    /** x86_cpu_reset clears {@code msr_hv_crash_params}; KVM gets the zeros at the reset put. */
    private void reset() {
        for (int i = 0; i < params.length(); i++) {
            params.set(i, 0);
        }
    }

    private int slot(final int vcpuIndex, final int n) {
        Objects.checkIndex(vcpuIndex, vcpuCount);
        Objects.checkIndex(n, CRASH_PARAMS);
        return vcpuIndex * CRASH_PARAMS + n;
    }

    /** The MSR handler: KVM's guest-initiated accesses ({@code kvm_hv_get/set_msr_pw}). */
    private final class Registers implements MsrHandler {
        /**
         * P0..P4 read back; CRASH_CTL reads what QEMU set host-side at reset
         * ({@code kvm_put_msrs}: {@code HV_CRASH_CTL_NOTIFY}), which no guest write changes.
         */
        @Override
        public long read(final Vcpu vcpu, final long msr) {
            if (msr == CRASH_CTL) {
                return CRASH_CTL_NOTIFY;
            }
            return parameter(vcpu.index(), (int) (msr - CRASH_P0));
        }

        /**
         * P0..P4 store any value. CRASH_CTL with CrashNotify raises KVM_REQ_HV_CRASH; QEMU's
         * KVM_SYSTEM_EVENT_CRASH exit then reports the panic with this vCPU's parameters. Neither
         * write faults.
         */
        @Override
        public boolean write(final Vcpu vcpu, final long msr, final long value) {
            if (msr != CRASH_CTL) {
                params.set(slot(vcpu.index(), (int) (msr - CRASH_P0)), value);
            } else if ((value & CRASH_CTL_NOTIFY) != 0) {
                machine.panics().guestPanicked(parameters(vcpu.index()));
            }
            return true;
        }
    }
}
