package org.runstate.s390;

import java.util.ArrayList;
import java.util.List;
import org.runstate.core.qapi.S390CrashReason;

/**
 * The machine's CPUs and QEMU 7.2's decision rule for wait PSWs (target/s390x/cpu.c
 * {@code s390_cpu_set_psw}, helper.c {@code s390_handle_wait}, cpu-sysemu.c
 * {@code s390_cpu_halt}/{@code s390_count_running_cpus}). Pure state: the caller turns the
 * returned {@link WaitOutcome} into a shutdown request or a guest panic. Guarded by the owning
 * machine's lock.
 */
final class S390Cpus {
    /** What a PSW load asks the run-state core to do. */
    enum WaitOutcome {
        /** Nothing: no wait bit, or some CPU still counts as running. */
        NONE,
        /** The last running CPU waits at an address ending in 0xfff: shutdown, cause guest-shutdown. */
        QUIESCE_SHUTDOWN,
        /** The last running CPU entered a disabled wait elsewhere: guest panic, reason disabled-wait. */
        DISABLED_WAIT_PANIC
    }

    private final List<S390Cpu> cpus;

    S390Cpus(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one CPU, got " + count);
        }
        List<S390Cpu> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new S390Cpu(i));
        }
        cpus = List.copyOf(list);
    }

    int count() {
        return cpus.size();
    }

    S390Cpu get(final int index) {
        if (index < 0 || index >= cpus.size()) {
            throw new IllegalArgumentException("no CPU " + index + " (the machine has " + cpus.size() + ")");
        }
        return cpus.get(index);
    }

    List<S390Cpu> all() {
        return cpus;
    }

    /**
     * A PSW load by {@code cpu} exactly as QEMU 7.2 TCG does it: no validity check, the PSW is
     * stored as given; without the wait bit the CPU simply runs on. With it the CPU halts and the
     * running CPUs are counted; only when none is left does anything happen, and then it is this
     * CPU's PSW that decides and is reported, whichever CPU stopped first.
     *
     * @param cpu the CPU loading the PSW
     * @param psw the new PSW
     * @return what the caller must do
     */
    WaitOutcome loadPsw(final S390Cpu cpu, final Psw psw) {
        cpu.setPsw(psw);
        if (!psw.isWait()) {
            // executing again means it is no longer halted (cpu_exec unhalts a CPU that has work)
            cpu.setHalted(false);
            return WaitOutcome.NONE;
        }
        cpu.setHalted(true);
        if (countRunning() != 0) {
            return WaitOutcome.NONE;
        }
        if (psw.isSpecialWaitAddress()) {
            return WaitOutcome.QUIESCE_SHUTDOWN;
        }
        cpu.setCrashReason(S390CrashReason.DISABLED_WAIT);
        return WaitOutcome.DISABLED_WAIT_PANIC;
    }

    /**
     * {@code s390_count_running_cpus}: CPUs that are operating (or loading) and not in a disabled
     * wait. Stopped CPUs never count; an enabled wait always does.
     *
     * @return the number of running CPUs
     */
    int countRunning() {
        int n = 0;
        for (S390Cpu c : cpus) {
            if (c.countsAsRunning()) {
                n++;
            }
        }
        return n;
    }
}
