package org.runstate.docs.example;

import org.runstate.core.PanicHandler;
import org.runstate.device.IoRegion;

/**
 * A one-byte panic register in the style of pvpanic: a read returns the events it supports, a
 * write with bit 0 reports a guest panic through the machine, which then applies the panic action
 * (GUEST_PANICKED, and with {@code panic=pause} a STOP into {@code guest-panicked}).
 *
 * <p>Threads: called from vCPU threads (guest accesses) and from the control thread (qtest-style
 * accesses made with {@code Machine.runAsVcpu}); it keeps no state.
 */
public final class ToyPanicDevice implements IoRegion {
    /** Where the emulator maps it in port I/O space. */
    public static final long PORT = 0x505;
    /** The only event bit: the guest panicked. */
    public static final long PANICKED = 1;

    private final PanicHandler panics;

    /**
     * Creates the device.
     *
     * @param panics the machine's panic entry point ({@code machine.panics()})
     */
    public ToyPanicDevice(final PanicHandler panics) {
        this.panics = panics;
    }

    @Override
    public long read(final long offset, final int size) {
        return PANICKED;
    }

    @Override
    public void write(final long offset, final int size, final long value) {
        if ((value & PANICKED) != 0) {
            panics.guestPanicked(null); // no extra information, as with pvpanic
        }
    }

    @Override
    public int maxAccessSize() {
        return 1;
    }
}
