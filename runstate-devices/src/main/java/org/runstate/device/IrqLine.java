package org.runstate.device;

/**
 * An interrupt line a device drives ({@code qemu_irq} with {@code qemu_set_irq}). The level is an
 * int as in QEMU: 0 is low, anything else high, and a level is passed on even when it did not
 * change (receivers filter).
 */
@FunctionalInterface
public interface IrqLine {
    /** A line connected to nothing. */
    IrqLine NONE = level -> { };

    /**
     * Drives the line.
     *
     * @param level 0 for low, non-zero for high
     */
    void set(int level);
}
