package org.runstate.panic;

import java.util.Objects;
import org.runstate.core.PanicHandler;
import org.runstate.device.IoRegion;

/**
 * The one pvpanic register, {@code pvpanic_ops} of hw/misc/pvpanic.c, behind both the ISA port and
 * the PCI BAR.
 *
 * <p>QEMU declares only {@code .impl} min = max = 1 and no {@code .valid} limits, so the memory
 * core splits any wider access into byte accesses at successive offsets, and the handlers ignore
 * the offset: a read returns {@code events} in every byte lane ({@code inw} gives 0x0303), a
 * write handles every byte in lane order ({@code outw 0x0101} panics twice). Calls of more than
 * one byte made directly on the region give the same results.
 *
 * <p>Stateless apart from the shared unknown-event flag, so it needs no lock; the panic path
 * decides the run-state consequences.
 */
final class PvpanicRegister implements IoRegion {
    private final int events;
    private final PanicHandler panics;
    private final UnknownEventLog unknownEvents;

    /**
     * Creates the register.
     *
     * @param events the value every byte reads as (the {@code events} property)
     * @param panics where panics and crash-loaded notices go
     * @param unknownEvents the shared unknown-event log
     */
    PvpanicRegister(final int events, final PanicHandler panics, final UnknownEventLog unknownEvents) {
        this.events = Pvpanic.checkEvents(events);
        this.panics = Objects.requireNonNull(panics, "panics");
        this.unknownEvents = Objects.requireNonNull(unknownEvents, "unknownEvents");
    }

    /** {@code pvpanic_read}: the supported events, whatever the offset, in every byte. */
    @Override
    public long read(final long offset, final int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) events << (8 * i);
        }
        return value;
    }

    /** {@code pvpanic_write}: {@code handle_event} for each byte, lowest first. */
    @Override
    public void write(final long offset, final int size, final long value) {
        for (int i = 0; i < size; i++) {
            handleEvent((int) (value >>> (8 * i)) & 0xff);
        }
    }

    @Override
    public int minAccessSize() {
        return 1;
    }

    @Override
    public int maxAccessSize() {
        return 1;
    }

    /**
     * {@code handle_event}: log unknown bits once, then PANICKED wins over CRASH_LOADED. The
     * {@code events} property is not consulted (QEMU 7.2 does not filter writes), and neither
     * call carries panic information.
     */
    private void handleEvent(final int event) {
        if ((event & ~Pvpanic.KNOWN_EVENTS) != 0) {
            unknownEvents.report(event);
        }
        if ((event & Pvpanic.PANICKED) != 0) {
            panics.guestPanicked(null);
            return;
        }
        if ((event & Pvpanic.CRASH_LOADED) != 0) {
            panics.guestCrashloaded(null);
        }
    }
}
