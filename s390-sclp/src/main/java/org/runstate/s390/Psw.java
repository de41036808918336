package org.runstate.s390;

/**
 * A z/Architecture program-status word as QEMU 7.2 stores it ({@code env->psw}): the 64-bit mask
 * (condition code included) and the 64-bit instruction address. Bit numbers in the comments are
 * z/Architecture's (bit 0 is the most significant).
 *
 * @param mask the PSW mask
 * @param addr the instruction address
 */
public record Psw(long mask, long addr) {
    /** Bit 6, I/O interruptions enabled ({@code PSW_MASK_IO}). */
    public static final long MASK_IO = 0x0200_0000_0000_0000L;
    /** Bit 7, external interruptions enabled ({@code PSW_MASK_EXT}). */
    public static final long MASK_EXT = 0x0100_0000_0000_0000L;
    /** Bit 12, the short-PSW indication ({@code PSW_MASK_SHORTPSW}). */
    public static final long MASK_SHORTPSW = 0x0008_0000_0000_0000L;
    /** Bit 13, machine-check interruptions enabled ({@code PSW_MASK_MCHECK}). */
    public static final long MASK_MCHECK = 0x0004_0000_0000_0000L;
    /** Bit 14, the wait state ({@code PSW_MASK_WAIT}). */
    public static final long MASK_WAIT = 0x0002_0000_0000_0000L;
    /** Bit 15, problem state ({@code PSW_MASK_PSTATE}): privileged instructions fail. */
    public static final long MASK_PSTATE = 0x0001_0000_0000_0000L;
    /** Bits 0-32 of a short (ESA/390) PSW that {@code s390_cpu_load_normal} keeps as the mask. */
    static final long SHORT_CTRL = 0xffff_ffff_8000_0000L;
    /** Bits 33-63 of a short PSW: the 31-bit address. */
    static final long SHORT_ADDR = 0x0000_0000_7fff_ffffL;
    /** The IPL PSW mask of {@code s390_ipl_prepare_cpu}: 64-bit addressing, everything masked. */
    public static final long IPL_MASK = 0x0000_0001_8000_0000L;

    /** The all-zero PSW a CPU holds after a clear or initial reset. */
    public static final Psw ZERO = new Psw(0, 0);

    /**
     * Whether the wait bit is set.
     *
     * @return true for a wait PSW
     */
    public boolean isWait() {
        return (mask & MASK_WAIT) != 0;
    }

    /**
     * Whether none of the I/O, external and machine-check masks is set: a waiting CPU with such a
     * PSW can never be woken by an interruption ({@code disabled_wait}, target/s390x/cpu-sysemu.c).
     *
     * @return true when the PSW admits none of the three interruption classes
     */
    public boolean isDisabled() {
        return (mask & (MASK_IO | MASK_EXT | MASK_MCHECK)) == 0;
    }

    /**
     * QEMU's {@code is_special_wait_psw} (target/s390x/helper.c): an address whose low 12 bits are
     * all ones is Linux's "quiesce complete" wait, an orderly shutdown rather than a crash.
     *
     * @return true when {@code (addr & 0xfff) == 0xfff}
     */
    public boolean isSpecialWaitAddress() {
        return (addr & 0xfffL) == 0xfffL;
    }

    /**
     * Whether the CPU is in problem state.
     *
     * @return true when privileged instructions raise a privileged-operation exception
     */
    public boolean isProblemState() {
        return (mask & MASK_PSTATE) != 0;
    }

    /**
     * The PSW {@code s390_cpu_load_normal} builds from the 8-byte short PSW at absolute 0: mask =
     * bits 0-32 with the short-PSW bit inverted, address = bits 33-63.
     *
     * @param shortPsw the doubleword at absolute 0
     * @return the PSW the CPU runs with
     */
    static Psw fromShort(final long shortPsw) {
        return new Psw((shortPsw & SHORT_CTRL) ^ MASK_SHORTPSW, shortPsw & SHORT_ADDR);
    }

    @Override
    public String toString() {
        return String.format("PSW{mask=0x%016x, addr=0x%016x}", mask, addr);
    }
}
