package org.runstate.pc;

import java.util.function.IntConsumer;
import org.runstate.device.IoRegion;

/**
 * The APM ports of the PIIX4 PM function (hw/isa/apm.c): 0xB2 is APMC, the command port, whose
 * every write goes to the owner's callback; 0xB3 is APMS, a plain status byte. Both read back what
 * was last written and keep it across a system reset (QEMU's APM state has no reset handler).
 * Byte registers: a wider access is split into byte accesses.
 */
final class ApmPorts implements IoRegion {
    static final int PORT = 0xb2;
    static final int SIZE = 2;

    private final IntConsumer onCommand;
    private int apmc;
    private int apms;

    /**
     * @param onCommand called with each byte written to APMC, on the writing thread, after it is stored
     */
    ApmPorts(final IntConsumer onCommand) {
        this.onCommand = onCommand;
    }

    @Override
    public synchronized long read(final long offset, final int size) {
        return (offset & 1) == 0 ? apmc : apms;
    }

    @Override
    public void write(final long offset, final int size, final long value) {
        int b = (int) value & 0xff;
        if ((offset & 1) == 0) {
            synchronized (this) {
                apmc = b;
            }
            onCommand.accept(b); // outside our lock: the owner takes its own
        } else {
            synchronized (this) {
                apms = b;
            }
        }
    }

    @Override
    public int maxAccessSize() {
        return 1;
    }
}
