package org.runstate.machine.cli;

/** The value types of a QemuOpts descriptor ({@code QEMU_OPT_STRING}, ...), checked at parse time. */
public enum OptType {
    /** Any string. */
    STRING,
    /** {@code on}/{@code off} and their synonyms. */
    BOOL,
    /** An unsigned 64-bit number, decimal, 0x hex or 0 octal. */
    NUMBER,
    /** A size with an optional k/M/G/T/P/E suffix. */
    SIZE
}
