package org.runstate.s390;

/**
 * The lowcore (prefix area) fields the model touches, and the two interruptions it performs
 * itself: restart ({@code do_restart_interrupt}) and program ({@code do_program_interrupt},
 * target/s390x/tcg/excp_helper.c). Every CPU's prefix is 0 after reset and SIGP SET PREFIX is
 * not modelled, so real addresses are absolute and all CPUs share the lowcore at 0.
 */
final class Lowcore {
    /** {@code pgm_ilen}: instruction length of the program interruption (u16). */
    static final long PGM_ILEN = 0x8c;
    /** {@code pgm_code}: program interruption code (u16). */
    static final long PGM_CODE = 0x8e;
    /** {@code restart_old_psw}. */
    static final long RESTART_OLD_PSW = 0x120;
    /** {@code program_old_psw}. */
    static final long PROGRAM_OLD_PSW = 0x150;
    /** {@code restart_new_psw}. */
    static final long RESTART_NEW_PSW = 0x1a0;
    /** {@code program_new_psw}. */
    static final long PROGRAM_NEW_PSW = 0x1d0;

    /** Privileged-operation exception. */
    static final int PGM_PRIVILEGED = 0x0002;
    /** Addressing exception. */
    static final int PGM_ADDRESSING = 0x0005;
    /** Specification exception. */
    static final int PGM_SPECIFICATION = 0x0006;

    /** SERVICE CALL (B220, RRE) and DIAGNOSE (83, RS) are both 4 bytes long. */
    static final int ILEN_4 = 4;

    private final GuestMemory memory;
    private final S390Cpus cpus;

    Lowcore(final GuestMemory memory, final S390Cpus cpus) {
        this.memory = memory;
        this.cpus = cpus;
    }

    /**
     * The restart interruption: the current PSW goes to the restart old PSW, the restart new PSW
     * is loaded through the ordinary PSW-load rule (so a wait PSW there can end the guest). Not
     * maskable: taken from any wait, as the inject-nmi transcript showed.
     *
     * @param cpu the interrupted CPU
     * @return what the PSW load asks for
     */
    S390Cpus.WaitOutcome restart(final S390Cpu cpu) {
        cpu.setRestartPending(false);
        storePsw(RESTART_OLD_PSW, cpu.psw());
        return cpus.loadPsw(cpu, loadPsw(RESTART_NEW_PSW));
    }

    /**
     * A program interruption for an exception that is not nullifying (privileged operation,
     * addressing, specification): the old PSW points past the instruction. The model has no
     * instruction address, so the instruction is taken to sit at the CPU's current PSW address.
     *
     * @param cpu the interrupted CPU
     * @param code the program interruption code
     * @param ilen the instruction length
     * @return what loading the program new PSW asks for
     */
    S390Cpus.WaitOutcome program(final S390Cpu cpu, final int code, final int ilen) {
        memory.write(PGM_ILEN, 2, ilen);
        memory.write(PGM_CODE, 2, code);
        Psw old = cpu.psw();
        storePsw(PROGRAM_OLD_PSW, new Psw(old.mask(), old.addr() + ilen));
        return cpus.loadPsw(cpu, loadPsw(PROGRAM_NEW_PSW));
    }

    private void storePsw(final long offset, final Psw psw) {
        memory.write(offset, 8, psw.mask());
        memory.write(offset + 8, 8, psw.addr());
    }

    private Psw loadPsw(final long offset) {
        return new Psw(memory.read(offset, 8), memory.read(offset + 8, 8));
    }
}
