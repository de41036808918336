package org.runstate.s390;

/**
 * An instruction ended in a program exception instead of completing (QEMU: a negative return
 * turned into {@code tcg_s390_program_interrupt}); the caller performs the program interruption.
 */
final class ProgramException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    ProgramException(final int code) {
        super(String.format("program exception 0x%04x", code), null, false, false);
        this.code = code;
    }

    /**
     * The program interruption code.
     *
     * @return for example 0x0006 (specification)
     */
    int code() {
        return code;
    }
}
