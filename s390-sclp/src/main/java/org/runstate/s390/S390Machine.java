package org.runstate.s390;

import java.util.Objects;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.vcpu.Vcpu;

/**
 * The run-state side of QEMU 7.2's {@code s390-ccw-virtio} machine: s390 CPUs with the
 * disabled-wait rule and crash reasons, guest RAM, the SCLP event facility with the
 * signal-quiesce event that {@code system_powerdown} raises, the pending service signal,
 * DIAGNOSE 0x308 resets and the restart interruption of {@code inject-nmi}.
 *
 * <p>Wiring, in this order:
 * <pre>{@code
 * S390Machine s390 = new S390Machine(smp, ramBytes);
 * Machine machine = Machine.builder().vcpus(smp).nmi(s390.nmiHandler())...build();
 * s390.attach(machine);   // before or after machine.start()
 * }</pre>
 *
 * <p>Everything the guest does goes through methods that act as the named CPU's vCPU
 * ({@link Machine#runAsVcpu}), so a panic or shutdown they cause is a request processed by the
 * control thread, with QEMU's event order. Callers: qtest on the control thread, an embedder's
 * engine on its vCPU threads. One lock guards the model, as QEMU's BQL does; it is never held
 * while waiting for anything.
 *
 * <p>State after power-on and after every machine reset: CPU 0 operating and running with the IPL
 * PSW, the other CPUs stopped, no crash information, no pending interruption, guest SCLP receive
 * mask 0. RAM is zero at power-on and never cleared.
 */
public final class S390Machine {
    /** QEMU's default {@code -m} for s390-ccw-virtio: 128 MiB. */
    public static final long DEFAULT_RAM_BYTES = 128L << 20;

    private final Object lock = new Object();
    private final GuestMemory memory;
    private final S390Cpus cpus;
    private final Lowcore lowcore;
    private final FloatingInterrupts flic = new FloatingInterrupts();
    private final SclpEventFacility eventFacility = new SclpEventFacility();
    private final Sclp sclp;
    private final S390Qtest qtest;
    /** {@code S390IPLState.reset_type}/{@code reset_cpu_index}: what the next reset does. */
    private ResetType resetType = ResetType.EXTERNAL;
    private int resetCpu;
    private volatile Machine machine;

    /**
     * Creates the CPUs and RAM in their power-on state; no {@link Machine} yet.
     *
     * @param cpus {@code -smp}: the number of CPUs, at least 1; CPU {@code n} has core id {@code n}
     * @param ramBytes {@code -m} in bytes, for example {@link #DEFAULT_RAM_BYTES}
     */
    public S390Machine(final int cpus, final long ramBytes) {
        this.memory = new GuestMemory(ramBytes);
        this.cpus = new S390Cpus(cpus);
        this.lowcore = new Lowcore(memory, this.cpus);
        this.sclp = new Sclp(memory, eventFacility, flic);
        this.qtest = new S390Qtest(this);
        synchronized (lock) {
            resetCpus(ResetType.EXTERNAL, 0);
        }
    }

    /**
     * The {@code inject-nmi} handler to give to {@link Machine.Builder#nmi}: QEMU's
     * {@code s390_nmi} is a SIGP-restart of CPU 0 (the monitor's default CPU), taken even from a
     * disabled wait. It only works once {@link #attach} was called.
     *
     * @return the handler
     */
    public NmiHandler nmiHandler() {
        return vcpus -> startCpu(0);
    }

    /**
     * Plugs the model into {@code target}: a reset handler (the machine reset of
     * {@code s390_machine_reset}), the signal-quiesce powerdown notifier and a VM change-state
     * handler that delivers restart interruptions left pending while the VM was stopped. Call
     * once, after {@link Machine.Builder#build()}, before or after {@link Machine#start()}.
     *
     * @param target the machine, built with as many vCPUs as this model has CPUs
     * @throws IllegalStateException if already attached
     * @throws IllegalArgumentException if the vCPU count differs
     */
    public void attach(final Machine target) {
        Objects.requireNonNull(target, "target");
        if (target.vcpus().vcpus().size() != cpus.count()) {
            throw new IllegalArgumentException("the machine has " + target.vcpus().vcpus().size()
                    + " vCPUs, the s390 model " + cpus.count() + " CPUs");
        }
        synchronized (lock) {
            if (machine != null) {
                throw new IllegalStateException("already attached");
            }
            machine = target;
        }
        target.addResetHandler(this::machineReset);
        target.addPowerdownNotifier(this::quiescePowerdownRequest);
        target.changeStateHandlers().add((running, state) -> {
            if (running && hasPendingRestart()) {
                // after the command that started the VM, as the guest's own action would be
                target.execute(this::deliverPendingRestarts);
            }
        });
    }

    // ---------------------------------------------------------------- guest memory

    /**
     * Guest RAM, for engines.
     *
     * @return the memory
     */
    public GuestMemory memory() {
        return memory;
    }

    /**
     * qtest {@code readb/readw/readl/readq}: a big-endian read of guest-physical (absolute)
     * memory; outside RAM it reads 0.
     *
     * @param addr the address
     * @param size 1, 2, 4 or 8
     * @return the value, zero-extended
     */
    public long memRead(final long addr, final int size) {
        return memory.read(addr, size);
    }

    /**
     * qtest {@code writeb/writew/writel/writeq}: a big-endian write of guest-physical memory;
     * outside RAM it is dropped.
     *
     * @param addr the address
     * @param size 1, 2, 4 or 8
     * @param value the value (its low {@code size} bytes)
     */
    public void memWrite(final long addr, final int size, final long value) {
        memory.write(addr, size, value);
    }

    // ---------------------------------------------------------------- qtest

    /**
     * Handles one qtest line of the s390 extension ({@code s390_psw}, {@code s390_start},
     * {@code s390_sclp}, {@code s390_irq}, {@code s390_diag308}; see the module README). Call on
     * the machine's control thread (inside {@link Machine#submit}); the effects are those of the
     * named CPU's vCPU.
     *
     * @param words the line split on whitespace
     * @return the reply line without newline, or {@code null} if {@code words[0]} is not an s390
     *     extension command
     */
    public String qtest(final String[] words) {
        return qtest.handle(words);
    }

    // ---------------------------------------------------------------- embedder API

    /**
     * The number of CPUs.
     *
     * @return {@code -smp}
     */
    public int cpuCount() {
        return cpus.count();
    }

    /**
     * A PSW load by {@code cpu} (LPSW(E), an interruption's new PSW), with QEMU 7.2 TCG's rule:
     * no validity check; with the wait bit the CPU halts and, when no CPU is left running
     * (operating and not in a disabled wait), an address ending in 0xfff requests a shutdown with
     * cause {@code guest-shutdown}, any other address makes the guest panic with this CPU's
     * {@code disabled-wait} crash information through the core's panic path. Same as qtest
     * {@code s390_psw}.
     *
     * @param cpu the CPU
     * @param mask the PSW mask
     * @param addr the PSW address
     * @throws IllegalArgumentException for an unknown CPU
     * @throws IllegalStateException if the CPU is stopped (it executes nothing) or not attached
     */
    public void loadPsw(final int cpu, final long mask, final long addr) {
        asCpu(cpu, c -> {
            requireNotStopped(c);
            apply(c, cpus.loadPsw(c, new Psw(mask, addr)));
        });
    }

    /**
     * SIGP RESTART of {@code cpu} ({@code sigp_restart}, target/s390x/sigp.c): a stopped CPU
     * becomes operating and takes the restart interruption at once (old PSW to 0x120, new PSW
     * from 0x1a0, loaded through the wait rule); an operating CPU gets a pending restart
     * interruption, taken now if the VM runs, else when it next starts. Same as qtest
     * {@code s390_start}, and what {@code inject-nmi} does to CPU 0.
     *
     * @param cpu the CPU
     * @throws IllegalArgumentException for an unknown CPU
     * @throws IllegalStateException if not attached
     */
    public void startCpu(final int cpu) {
        asCpu(cpu, c -> {
            if (c.state() == CpuState.STOPPED) {
                // set operating first, so a wait PSW at 0x1a0 halts it again through the rule
                c.setState(CpuState.OPERATING);
                apply(c, lowcore.restart(c));
            } else if (c.state() == CpuState.OPERATING) {
                c.setRestartPending(true);
                if (machine.runState() == RunState.RUNNING) {
                    apply(c, lowcore.restart(c));
                }
            }
        });
    }

    /**
     * SERVICE CALL by {@code cpu}: the SCCB at {@code sccbAddr} is read from and written back to
     * guest RAM, and every completed call leaves a service-signal external interruption pending
     * (code 0x2401, parameter = SCCB address | event-pending bit). Same as qtest
     * {@code s390_sclp}.
     *
     * @param cpu the CPU
     * @param commandWord the SCLP command word (write event mask 0x00780005, read event data
     *     0x00770005, write event data 0x00760005; others get response 0x01f0)
     * @param sccbAddr the SCCB's absolute address
     * @return the condition code (0), or minus the program interruption code when the call
     *     raised a program exception instead; that program interruption has been performed
     *     (lowcore 0x8c/0x8e, old PSW to 0x150, new PSW from 0x1d0 through the wait rule)
     * @throws IllegalArgumentException for an unknown CPU
     * @throws IllegalStateException if the CPU is stopped or not attached
     * @throws UnsupportedOperationException for valid SCLP commands the model does not implement
     *     (read SCP/CPU info, (de)configure I/O adapter); nothing happened then
     */
    public int serviceCall(final int cpu, final long commandWord, final long sccbAddr) {
        int[] result = new int[1];
        asCpu(cpu, c -> {
            requireNotStopped(c);
            try {
                result[0] = sclp.serviceCall(c, sccbAddr, commandWord);
                wakeAll();
            } catch (ProgramException e) {
                result[0] = -e.code();
                apply(c, lowcore.program(c, e.code(), Lowcore.ILEN_4));
            }
        });
        return result[0];
    }

    /**
     * DIAGNOSE 0x308 by {@code cpu}: subcode 3 requests a reset with cause {@code guest-reset}
     * (RESET event, or a shutdown under {@code -no-reboot}) that re-IPLs CPU 0; subcodes 0 and
     * 1 request a subsystem reset (no event, {@code -no-reboot} ignored) that restarts the
     * calling CPU from the short PSW at absolute 0. RAM is kept. Same as qtest
     * {@code s390_diag308}.
     *
     * @param cpu the CPU
     * @param subcode the subcode (register R3)
     * @return 0, or minus the program interruption code (privileged operation, specification),
     *     which has been performed
     * @throws IllegalArgumentException for an unknown CPU
     * @throws IllegalStateException if the CPU is stopped or not attached
     * @throws UnsupportedOperationException for subcodes 5 and 6 (no IPL parameter block)
     */
    public int diagnose308(final int cpu, final long subcode) {
        int[] result = new int[1];
        asCpu(cpu, c -> {
            requireNotStopped(c);
            try {
                ResetType type = Diag308.decode(c.psw(), subcode);
                // s390_ipl_reset_request: full resets IPL CPU 0, subsystem resets the caller
                resetType = type;
                resetCpu = type.isSubsystemReset() ? c.index() : 0;
                machine.requests().reset(type.isSubsystemReset() ? ShutdownCause.SUBSYSTEM_RESET
                        : ShutdownCause.GUEST_RESET);
            } catch (ProgramException e) {
                result[0] = -e.code();
                apply(c, lowcore.program(c, e.code(), Lowcore.ILEN_4));
            }
        });
        return result[0];
    }

    /**
     * Takes the pending external interruption, whatever {@code cpu}'s PSW and control-register
     * masks (the service signal is a floating interruption, so any CPU may take it). Same as
     * qtest {@code s390_irq}.
     *
     * @param cpu the CPU taking it
     * @return the interruption, or {@code null} when none is pending
     * @throws IllegalArgumentException for an unknown CPU
     */
    public ExternalInterruption takeExternalInterruption(final int cpu) {
        synchronized (lock) {
            cpus.get(cpu);
            return flic.dequeue();
        }
    }

    /**
     * An embedder's engine detected an interruption loop, as KVM does for QEMU
     * ({@code unmanageable_intercept}, {@code handle_oper_loop} in target/s390x/kvm/kvm.c): the
     * CPU halts, takes {@code reason} as its crash reason and the guest panics with its crash
     * information, without the running-CPU count of a disabled wait.
     *
     * @param cpu the CPU
     * @param reason {@code extint-loop}, {@code pgmint-loop} or {@code opint-loop} (a disabled
     *     wait goes through {@link #loadPsw})
     * @param pswMask the CPU's PSW mask at detection
     * @param pswAddr the CPU's PSW address at detection
     * @throws IllegalArgumentException for an unknown CPU or another reason
     * @throws IllegalStateException if the CPU is stopped or not attached
     */
    public void reportCrash(final int cpu, final S390CrashReason reason, final long pswMask, final long pswAddr) {
        if (reason != S390CrashReason.EXTINT_LOOP && reason != S390CrashReason.PGMINT_LOOP
                && reason != S390CrashReason.OPINT_LOOP) {
            throw new IllegalArgumentException("not an interruption-loop reason: " + reason);
        }
        asCpu(cpu, c -> {
            requireNotStopped(c);
            c.setPsw(new Psw(pswMask, pswAddr)); // cpu_synchronize_state
            c.setHalted(true); // s390_cpu_halt; its running-CPU count is ignored here
            c.setCrashReason(reason);
            machine.panics().guestPanicked(crashInfo(c));
        });
    }

    /**
     * QEMU's CPU property {@code crash-information}: present only on a CPU that reported a guest
     * panic since its last reset; it shows the CPU's current PSW and crash reason.
     *
     * @param cpu the CPU
     * @return the information, or {@code null} for QEMU's "No crash occurred"
     * @throws IllegalArgumentException for an unknown CPU
     */
    public GuestPanicInformationS390 crashInformation(final int cpu) {
        synchronized (lock) {
            S390Cpu c = cpus.get(cpu);
            Machine m = machine;
            if (m == null || !m.vcpus().vcpus().get(cpu).crashOccurred()) {
                return null;
            }
            return crashInfo(c);
        }
    }

    /**
     * The CPU's current PSW.
     *
     * @param cpu the CPU
     * @return the PSW
     */
    public Psw psw(final int cpu) {
        synchronized (lock) {
            return cpus.get(cpu).psw();
        }
    }

    /**
     * The CPU's architected state, as {@code query-cpus-fast} reports it.
     *
     * @param cpu the CPU
     * @return the state
     */
    public CpuState cpuState(final int cpu) {
        synchronized (lock) {
            return cpus.get(cpu).state();
        }
    }

    /**
     * Whether the CPU is halted: in a wait, or stopped.
     *
     * @param cpu the CPU
     * @return QEMU's {@code cs->halted}
     */
    public boolean isHalted(final int cpu) {
        synchronized (lock) {
            return cpus.get(cpu).halted();
        }
    }

    /**
     * QOM property {@code allow_all_mask_sizes} of the SCLP event facility: on (the default, every
     * machine newer than 2.11) accepts event-mask lengths 1 to 1021; off accepts only 4.
     *
     * @param allow the new value
     */
    public void setSclpAllowAllMaskSizes(final boolean allow) {
        synchronized (lock) {
            eventFacility.setAllowAllMaskSizes(allow);
        }
    }

    // ---------------------------------------------------------------- package-private, for tests

    long sclpReceiveMask() {
        synchronized (lock) {
            return eventFacility.receiveMask();
        }
    }

    boolean quiescePending() {
        synchronized (lock) {
            return eventFacility.quiescePending();
        }
    }

    // ---------------------------------------------------------------- machine callbacks

    /** {@code quiesce_powerdown_req}: runs on the control thread right after POWERDOWN. */
    private void quiescePowerdownRequest() {
        synchronized (lock) {
            eventFacility.signalQuiesce();
            sclp.serviceInterrupt(0); // raises nothing unless the guest registered for quiesce
        }
        wakeAll();
    }

    /**
     * {@code s390_machine_reset}: consumes the stored reset request. Every kind resets the event
     * facility (receive mask, pending quiesce) and the FLIC (pending interruptions), stops every
     * CPU and clears restart interruptions; then one CPU runs: CPU 0 from the IPL PSW for an
     * external reset or a re-IPL, the DIAG 308 caller from the short PSW at absolute 0 for a
     * subsystem reset. Crash information goes with the CPU reset ({@code crash_occurred}).
     */
    private void machineReset(final ShutdownCause cause) {
        int running;
        synchronized (lock) {
            ResetType type = resetType;
            int cpu = resetCpu;
            resetType = ResetType.EXTERNAL; // s390_ipl_clear_reset_request
            resetCpu = 0;
            running = resetCpus(type, cpu);
        }
        Machine m = machine;
        if (m != null) {
            m.vcpus().vcpus().get(running).wake();
        }
    }

    /** Returns the index of the CPU left running. Call with the lock held. */
    private int resetCpus(final ResetType type, final int cpu) {
        eventFacility.reset();
        flic.reset();
        switch (type) {
            case MODIFIED_CLEAR:
                for (S390Cpu c : cpus.all()) {
                    c.reset(true);
                }
                loadNormal(cpus.get(cpu));
                return cpu;
            case LOAD_NORMAL:
                for (S390Cpu c : cpus.all()) {
                    c.reset(c.index() == cpu); // the caller gets an initial reset, the others a normal one
                }
                loadNormal(cpus.get(cpu));
                return cpu;
            default:
                for (S390Cpu c : cpus.all()) {
                    c.reset(true);
                }
                // s390_do_cpu_ipl on CPU 0
                S390Cpu ipl = cpus.get(0);
                ipl.setPsw(new Psw(Psw.IPL_MASK, 0));
                ipl.setState(CpuState.OPERATING);
                return 0;
        }
    }

    /** {@code s390_cpu_load_normal}: the short PSW at absolute 0, set directly (no wait rule). */
    private void loadNormal(final S390Cpu c) {
        c.setPsw(Psw.fromShort(memory.read(0, 8)));
        c.setState(CpuState.OPERATING);
    }

    private boolean hasPendingRestart() {
        synchronized (lock) {
            for (S390Cpu c : cpus.all()) {
                if (c.restartPending()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Takes the restart interruptions that waited for the VM to run again. Control thread. */
    private void deliverPendingRestarts() {
        for (int i = 0; i < cpus.count(); i++) {
            asCpu(i, c -> {
                if (c.restartPending() && c.state() == CpuState.OPERATING
                        && machine.runState() == RunState.RUNNING) {
                    apply(c, lowcore.restart(c));
                }
            });
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs {@code body} as {@code cpu}'s vCPU with the lock held. */
    private void asCpu(final int cpu, final CpuAction body) {
        Machine m = machine;
        if (m == null) {
            throw new IllegalStateException("the s390 model is not attached to a machine");
        }
        S390Cpu c;
        synchronized (lock) {
            c = cpus.get(cpu);
        }
        m.runAsVcpu(cpu, () -> {
            synchronized (lock) {
                body.run(c);
            }
        });
    }

    /**
     * Turns a PSW load's outcome into the core request, as {@code s390_handle_wait} does; runs as
     * the CPU's vCPU, so the panic's stop is only requested and a shutdown is handled first.
     */
    private void apply(final S390Cpu c, final S390Cpus.WaitOutcome outcome) {
        switch (outcome) {
            case QUIESCE_SHUTDOWN:
                machine.requests().shutdown(ShutdownCause.GUEST_SHUTDOWN);
                break;
            case DISABLED_WAIT_PANIC:
                machine.panics().guestPanicked(crashInfo(c));
                break;
            default:
                if (!c.halted()) {
                    machine.vcpus().vcpus().get(c.index()).wake();
                }
                break;
        }
    }

    /** {@code s390_cpu_get_crash_info}: core id = CPU number, the PSW as stored, the reason. */
    private static GuestPanicInformationS390 crashInfo(final S390Cpu c) {
        Psw p = c.psw();
        return new GuestPanicInformationS390(c.index(), p.mask(), p.addr(), c.crashReason());
    }

    private static void requireNotStopped(final S390Cpu c) {
        if (c.state() == CpuState.STOPPED || c.state() == CpuState.CHECK_STOP) {
            throw new IllegalStateException("CPU " + c.index() + " is " + c.state().wireName()
                    + " and executes nothing");
        }
    }

    /** A service signal is a floating interruption: any CPU may take it, so wake them all. */
    private void wakeAll() {
        Machine m = machine;
        if (m != null) {
            for (Vcpu v : m.vcpus().vcpus()) {
                v.wake();
            }
        }
    }

    @FunctionalInterface
    private interface CpuAction {
        void run(S390Cpu cpu);
    }
}
