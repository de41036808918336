package org.runstate.pc;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.event.EventSubscription;
import org.runstate.core.event.SubscriptionOptions;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;

/**
 * A started {@code -M pc -nodefaults -accel qtest}-like machine with helpers that act as vCPU 0
 * (IN/OUT through the CPU path), as QMP (commands on the control thread) and as qtest clock_step.
 */
final class PcRig implements AutoCloseable {
    /** The PIIX3 ISA bridge. */
    static final int ISA = 0x08;
    /** The PIIX3 IDE function. */
    static final int IDE = 0x09;
    /** The PIIX4 PM function. */
    static final int PM = 0x0b;
    /** The i440FX host bridge. */
    static final int HOST = 0x00;

    final Machine machine;
    final PcPlatform platform;
    private final EventSubscription events;
    private final List<RunStateEvent> seen = new ArrayList<>();

    private PcRig(final UnaryOperator<Machine.Builder> config, final PcPlatform.Config pc) {
        Machine.Builder b = Machine.builder().clockMode(VirtualClock.Mode.STEPPED).wakeupSupported(true)
                .nmi(NmiHandler.ALL_VCPUS).autostart(true);
        machine = config.apply(b).build();
        platform = pc == null ? PcPlatform.install(machine, PcPlatform.DEFAULT_RAM)
                : PcPlatform.install(machine, PcPlatform.DEFAULT_RAM, pc);
        machine.start();
        // listen after launch, like a QMP client: the initial RESUME is not seen
        events = machine.events().subscribe(SubscriptionOptions.withCapacity(256));
    }

    static PcRig start() {
        return new PcRig(b -> b, null);
    }

    static PcRig start(final UnaryOperator<Machine.Builder> config) {
        return new PcRig(config, null);
    }

    /** A one-vCPU machine with this firmware configuration (RTC, boot order). */
    static PcRig start(final PcPlatform.Config pc) {
        return new PcRig(b -> b, pc);
    }

    // ---- control thread -------------------------------------------------------------------

    <T> T qmp(final Callable<T> body) {
        return machine.submit(body).join();
    }

    void qmp(final Runnable body) {
        qmp(() -> {
            body.run();
            return null;
        });
    }

    void systemReset() {
        qmp(() -> machine.commands().systemReset());
    }

    void systemWakeup() {
        qmp(() -> machine.commands().systemWakeup());
    }

    void systemPowerdown() {
        qmp(() -> machine.commands().systemPowerdown());
    }

    long clockStep(final long ns) {
        return qmp(() -> machine.stepVirtualClock(ns));
    }

    // ---- guest port I/O as vCPU 0 ---------------------------------------------------------------

    long in(final int port, final int size) {
        return qmp(() -> {
            long[] v = new long[1];
            machine.runAsVcpu(0, () -> v[0] = platform.io().read(port, size));
            return v[0];
        });
    }

    void out(final int port, final int size, final long value) {
        qmp(() -> machine.runAsVcpu(0, () -> platform.io().write(port, size, value)));
    }

    long inb(final int port) {
        return in(port, 1);
    }

    long inw(final int port) {
        return in(port, 2);
    }

    long inl(final int port) {
        return in(port, 4);
    }

    void outb(final int port, final long value) {
        out(port, 1, value);
    }

    void outw(final int port, final long value) {
        out(port, 2, value);
    }

    void outl(final int port, final long value) {
        out(port, 4, value);
    }

    // ---- PCI config mechanism #1 ---------------------------------------------------------------

    long cfgRead(final int devfn, final int reg, final int size) {
        outl(0xcf8, 0x80000000L | devfn << 8 | (reg & 0xfc));
        return in(0xcfc + (reg & 3), size);
    }

    void cfgWrite(final int devfn, final int reg, final int size, final long value) {
        outl(0xcf8, 0x80000000L | devfn << 8 | (reg & 0xfc));
        out(0xcfc + (reg & 3), size, value);
    }

    long cfgReadl(final int devfn, final int reg) {
        return cfgRead(devfn, reg, 4);
    }

    void cfgWritel(final int devfn, final int reg, final long value) {
        cfgWrite(devfn, reg, 4, value);
    }

    /** Places the PM I/O block at {@code base} (PMBA, then PMREGMISC bit 0) as a guest BIOS does. */
    void enablePmAt(final int base) {
        cfgWritel(PM, 0x40, base | 1);
        cfgWrite(PM, 0x80, 1, 1);
    }

    // ---- events and state -------------------------------------------------------------------------

    /** Events received so far, in order. */
    List<RunStateEvent> events() {
        events.drain(e -> seen.add(e.event()), Integer.MAX_VALUE);
        return List.copyOf(seen);
    }

    List<String> eventNames() {
        return events().stream().map(RunStateEvent::eventName).toList();
    }

    void clearEvents() {
        events();
        seen.clear();
    }

    /** Waits until at least {@code count} events arrived and returns them. */
    List<RunStateEvent> awaitEvents(final int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() >= count);
        return events();
    }

    RunState state() {
        return machine.runState();
    }

    Termination awaitTermination() {
        return await().atMost(Duration.ofSeconds(5)).until(() -> machine.termination().getNow(null), t -> t != null);
    }

    @Override
    public void close() {
        machine.close();
    }
}
