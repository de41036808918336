package org.runstate.pc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.testkit.MachineRig;

/**
 * A started {@code -M pc -nodefaults -accel qtest}-like machine with helpers that act as vCPU 0
 * (IN/OUT through the CPU path), as QMP (commands on the control thread) and as qtest clock_step,
 * on the kit's {@link MachineRig}. Either started by a test ({@link #start()}, try-with-resources)
 * or as a JUnit extension started before and closed after each test:
 * {@code @RegisterExtension final PcRig pc = PcRig.startedBeforeEach();}.
 */
final class PcRig implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
    /** The PIIX3 ISA bridge. */
    static final int ISA = 0x08;
    /** The PIIX3 IDE function. */
    static final int IDE = 0x09;
    /** The PIIX4 PM function. */
    static final int PM = 0x0b;
    /** The i440FX host bridge. */
    static final int HOST = 0x00;

    Machine machine;
    PcPlatform platform;
    private MachineRig rig;

    private PcRig() {
    }

    /** A one-vCPU pc started before each test and closed after it, as a JUnit extension. */
    static PcRig startedBeforeEach() {
        return new PcRig();
    }

    @Override
    public void beforeEach(final ExtensionContext context) {
        boot(b -> b, null);
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        close();
    }

    static PcRig start() {
        return new PcRig().boot(b -> b, null);
    }

    static PcRig start(final UnaryOperator<Machine.Builder> config) {
        return new PcRig().boot(config, null);
    }

    /** A one-vCPU machine with this firmware configuration (RTC, boot order). */
    static PcRig start(final PcPlatform.Config pc) {
        return new PcRig().boot(b -> b, pc);
    }

    /** Builds and starts; events are recorded after launch, like a QMP client's (no initial RESUME). */
    private PcRig boot(final UnaryOperator<Machine.Builder> config, final PcPlatform.Config pc) {
        PcPlatform[] installed = new PcPlatform[1];
        rig = MachineRig.builder()
                .configure(b -> config.apply(b.clockMode(VirtualClock.Mode.STEPPED).wakeupSupported(true)
                        .nmi(NmiHandler.ALL_VCPUS).autostart(true)))
                .beforeStart(m -> installed[0] = pc == null ? PcPlatform.install(m, PcPlatform.DEFAULT_RAM)
                        : PcPlatform.install(m, PcPlatform.DEFAULT_RAM, pc))
                .start();
        machine = rig.machine();
        platform = installed[0];
        return this;
    }

    // ---- control thread -------------------------------------------------------------------

    <T> T qmp(final Callable<T> body) {
        return rig.qmp(body);
    }

    void qmp(final Runnable body) {
        rig.qmp(body);
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
        return rig.clockStep(ns);
    }

    // ---- guest port I/O as vCPU 0 ---------------------------------------------------------------

    long in(final int port, final int size) {
        return rig.asVcpu(0, () -> platform.io().read(port, size));
    }

    void out(final int port, final int size, final long value) {
        rig.asVcpu(0, () -> platform.io().write(port, size, value));
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

    /** Events received so far (everything emitted before the call), in order. */
    List<RunStateEvent> events() {
        return rig.events();
    }

    List<String> eventNames() {
        return rig.eventNames();
    }

    void clearEvents() {
        rig.clearEvents();
    }

    /** Waits until at least {@code count} events arrived and returns them. */
    List<RunStateEvent> awaitEvents(final int count) {
        rig.awaitEventCount(count, Duration.ofSeconds(5));
        return events();
    }

    RunState state() {
        return machine.runState();
    }

    Termination awaitTermination() {
        return rig.awaitTermination();
    }

    /** Ends the machine; again, or before a start, does nothing. */
    @Override
    public void close() {
        if (rig != null) {
            rig.close();
            rig = null;
        }
    }
}
