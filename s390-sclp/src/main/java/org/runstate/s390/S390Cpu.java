package org.runstate.s390;

import org.runstate.core.qapi.S390CrashReason;

/**
 * The run-state part of one s390 CPU ({@code S390CPU}/{@code CPUS390XState}): architected state,
 * PSW, QEMU's {@code halted} flag, the crash reason and a pending restart interruption. Guarded
 * by the owning {@link S390Machine}'s lock, as QEMU guards it with the BQL.
 */
final class S390Cpu {
    private final int index;
    private CpuState state = CpuState.STOPPED;
    private Psw psw = Psw.ZERO;
    /** {@code cs->halted}: set by a wait PSW (and by stopping), cleared when the CPU runs again. */
    private boolean halted = true;
    /** {@code env->crash_reason}: set just before a panic, cleared by an initial or clear reset. */
    private S390CrashReason crashReason = S390CrashReason.UNKNOWN;
    /** {@code INTERRUPT_RESTART} in {@code env->pending_int}. */
    private boolean restartPending;

    S390Cpu(final int index) {
        this.index = index;
    }

    int index() {
        return index;
    }

    CpuState state() {
        return state;
    }

    Psw psw() {
        return psw;
    }

    boolean halted() {
        return halted;
    }

    S390CrashReason crashReason() {
        return crashReason;
    }

    boolean restartPending() {
        return restartPending;
    }

    void setPsw(final Psw newPsw) {
        psw = newPsw;
    }

    void setHalted(final boolean value) {
        halted = value;
    }

    void setCrashReason(final S390CrashReason reason) {
        crashReason = reason;
    }

    void setRestartPending(final boolean value) {
        restartPending = value;
    }

    /**
     * {@code s390_cpu_set_state}: stopping halts the CPU; starting unhalts it unless its PSW has
     * the wait bit (under TCG such a CPU stays halted until an interruption gives it work).
     */
    void setState(final CpuState newState) {
        if (newState == CpuState.STOPPED || newState == CpuState.CHECK_STOP) {
            halted = true;
        } else if (!psw.isWait()) {
            halted = false;
        }
        state = newState;
    }

    /**
     * QEMU's {@code disabled_wait}: halted with none of the I/O, external and machine-check
     * masks. Such a CPU can never wake up by itself.
     */
    boolean inDisabledWait() {
        return halted && psw.isDisabled();
    }

    /** Whether {@code s390_count_running_cpus} counts this CPU: operating/load and not disabled-waiting. */
    boolean countsAsRunning() {
        return state.mayRun() && !inDisabledWait();
    }

    /**
     * {@code s390_cpu_reset}: every kind stops the CPU and drops pending interruptions; the
     * initial and clear kinds also zero the PSW and the crash reason (they live in the initial
     * reset fields). A normal reset keeps the PSW.
     *
     * @param initial true for an initial or clear reset, false for a normal reset
     */
    void reset(final boolean initial) {
        setState(CpuState.STOPPED);
        restartPending = false;
        if (initial) {
            psw = Psw.ZERO;
            crashReason = S390CrashReason.UNKNOWN;
        }
    }
}
