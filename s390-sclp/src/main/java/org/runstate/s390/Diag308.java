package org.runstate.s390;

/**
 * DIAGNOSE 0x308 (IPL functions) as QEMU 7.2 decodes it ({@code handle_diag_308},
 * target/s390x/diag.c). Subcodes 0, 1 and 3 become reset requests; 5 and 6 (set/store an IPL
 * parameter block) need an operand block the model does not have; every other subcode, and
 * subcodes 8 to 10 without the unpack facility (never present under TCG), is a specification
 * exception.
 */
final class Diag308 {
    /** Reset with modified clear (subsystem reset, no clearing). */
    static final long RESET_MODIFIED_CLEAR = 0;
    /** Reset with load normal. */
    static final long RESET_LOAD_NORMAL = 1;
    /** Load clear: re-IPL. */
    static final long LOAD_CLEAR = 3;
    /** Set the IPL parameter block. */
    static final long SET = 5;
    /** Store the IPL parameter block. */
    static final long STORE = 6;

    private Diag308() {
    }

    /**
     * Decodes one DIAGNOSE 0x308.
     *
     * @param psw the issuing CPU's PSW (DIAGNOSE is privileged)
     * @param subcode register R3's value
     * @return the reset the guest asks for
     * @throws ProgramException privileged operation in problem state; specification for a
     *     subcode above 0xffff or one QEMU 7.2 does not know
     * @throws UnsupportedOperationException for subcodes 5 and 6 (the model has no IPL block)
     */
    static ResetType decode(final Psw psw, final long subcode) throws ProgramException {
        if (psw.isProblemState()) {
            throw new ProgramException(Lowcore.PGM_PRIVILEGED);
        }
        if ((subcode & ~0xffffL) != 0) {
            throw new ProgramException(Lowcore.PGM_SPECIFICATION);
        }
        if (subcode == RESET_MODIFIED_CLEAR) {
            return ResetType.MODIFIED_CLEAR;
        }
        if (subcode == RESET_LOAD_NORMAL) {
            return ResetType.LOAD_NORMAL;
        }
        if (subcode == LOAD_CLEAR) {
            return ResetType.REIPL; // "Well we still lack the clearing bit..." (QEMU): RAM is kept
        }
        if (subcode == SET || subcode == STORE) {
            throw new UnsupportedOperationException(
                    "DIAGNOSE 0x308 subcode " + subcode + " needs an IPL parameter block, which is not modelled");
        }
        throw new ProgramException(Lowcore.PGM_SPECIFICATION);
    }
}
