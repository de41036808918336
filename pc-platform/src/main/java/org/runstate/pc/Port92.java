package org.runstate.pc;

import org.runstate.core.SystemRequests;
import org.runstate.device.IoRegion;
import org.runstate.core.qapi.ShutdownCause;

/**
 * System control port A at 0x92 (hw/i386/port92.c): bit 1 is A20, a 0-to-1 change of bit 0 is a
 * fast reset (guest-reset). A reset clears bit 0 only.
 */
final class Port92 implements IoRegion {
    static final int PORT = 0x92;

    private final SystemRequests requests;
    private int outport;

    Port92(final SystemRequests requests) {
        this.requests = requests;
    }

    synchronized void reset() {
        outport &= ~1;
    }

    @Override
    public synchronized long read(final long offset, final int size) {
        return outport;
    }

    @Override
    public void write(final long offset, final int size, final long value) {
        boolean reset;
        synchronized (this) {
            int old = outport;
            outport = (int) value & 0xff;
            reset = (value & 1) != 0 && (old & 1) == 0;
        }
        if (reset) {
            requests.reset(ShutdownCause.GUEST_RESET);
        }
    }

    @Override
    public int maxAccessSize() {
        return 1;
    }
}
