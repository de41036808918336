package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.pc.PcPlatform;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.testkit.MachineRig;
import org.runstate.testkit.RecordedEvent;

/**
 * A started pc machine with an i6300esb (and optionally an ib700, or only an ib700), driven like
 * the conformance scenarios: config space
 * through ports 0xCF8/0xCFC and MMIO through physical memory, as vCPU 0 on the control thread
 * (the qtest path), on the kit's {@link MachineRig}. Every event is recorded with the virtual and host time of its delivery, and
 * event timestamps come from the virtual clock, so they are deterministic in stepped mode.
 */
final class EsbHarness implements AutoCloseable {
    /** Where the scenarios map BAR0. */
    static final long BAR = 0xfe000000L;
    /** Where the scenarios plug the device: 04.0. */
    static final int DEVFN = 4 << 3;
    /** Linux's default heartbeat (30 s) as a per-stage preload: {@code 30 << 9}. */
    static final int LINUX_DEFAULT_PRELOAD = 30 << 9;
    /** A {@code devfn} meaning "no i6300esb at all". */
    static final int NO_ESB = Integer.MIN_VALUE;

    final Machine machine;
    final PcPlatform platform;
    /** The i6300esb, or null when built with {@link #NO_ESB}. */
    final I6300EsbWatchdog device;
    /** The ib700, or null when the machine has none. */
    final Ib700Watchdog ib700;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    final List<String> deviceStderr = new CopyOnWriteArrayList<>();
    private final MachineRig rig;

    private EsbHarness(final VirtualClock.Mode mode, final ActionCommandLine actions, final int devfn,
            final UnaryOperator<Machine.Builder> extra) {
        this(mode, actions, devfn, false, extra);
    }

    private EsbHarness(final VirtualClock.Mode mode, final ActionCommandLine actions, final int devfn,
            final boolean withIb700, final UnaryOperator<Machine.Builder> extra) {
        AtomicReference<Machine> self = new AtomicReference<>();
        Object[] plugged = new Object[3];
        rig = MachineRig.builder()
                .configure(b -> extra.apply(b.clockMode(mode).wakeupSupported(true).nmi(NmiHandler.ALL_VCPUS)
                        .actions(actions.toCommand()).errorReport(stderr::add).stderr(stderr::add)
                        .wallClock(() -> self.get() == null ? 0 : self.get().virtualClock().nowNs() / 1000)))
                .beforeStart(m -> {
                    self.set(m);
                    PcPlatform p = PcPlatform.install(m, PcPlatform.DEFAULT_RAM);
                    plugged[0] = p;
                    plugged[1] = devfn == NO_ESB ? null : I6300EsbWatchdog.plug(m, p.pci(), devfn, deviceStderr::add);
                    plugged[2] = withIb700 ? Ib700Watchdog.plug(m, p.io()) : null;
                })
                .start();
        machine = rig.machine();
        platform = (PcPlatform) plugged[0];
        device = (I6300EsbWatchdog) plugged[1];
        ib700 = (Ib700Watchdog) plugged[2];
    }

    /** Stepped virtual time (qtest), default actions, device at 04.0. */
    static EsbHarness stepped() {
        return stepped(new ActionCommandLine());
    }

    static EsbHarness stepped(final ActionCommandLine actions) {
        return new EsbHarness(VirtualClock.Mode.STEPPED, actions, DEVFN, b -> b);
    }

    static EsbHarness stepped(final String watchdogAction) {
        return stepped(new ActionCommandLine().watchdogAction(watchdogAction));
    }

    /** Virtual time following the host clock while the VM runs (no qtest). */
    static EsbHarness hostDriven(final String watchdogAction) {
        return new EsbHarness(VirtualClock.Mode.HOST_DRIVEN, new ActionCommandLine().watchdogAction(watchdogAction),
                DEVFN, b -> b);
    }

    static EsbHarness custom(final VirtualClock.Mode mode, final ActionCommandLine actions, final int devfn,
            final UnaryOperator<Machine.Builder> extra) {
        return new EsbHarness(mode, actions, devfn, extra);
    }

    /**
     * A machine as {@code -device ...} builds it from the scenarios' devices.
     *
     * @param devfn where the i6300esb goes, -1 for automatic placement, or {@link #NO_ESB}
     * @param withIb700 whether an ib700 is plugged (after the i6300esb)
     */
    static EsbHarness devices(final VirtualClock.Mode mode, final ActionCommandLine actions, final int devfn,
            final boolean withIb700) {
        return new EsbHarness(mode, actions, devfn, withIb700, b -> b);
    }

    /** Stepped virtual time (qtest) with only an ib700 ({@code -device ib700}). */
    static EsbHarness ib700(final ActionCommandLine actions) {
        return devices(VirtualClock.Mode.STEPPED, actions, NO_ESB, true);
    }

    static EsbHarness ib700(final String watchdogAction) {
        return ib700(new ActionCommandLine().watchdogAction(watchdogAction));
    }

    // ---- the qtest-like primitives, each a guest access by vCPU 0 on the control thread ----

    void outl(final int port, final long value) {
        guest(() -> platform.io().write(port, 4, value));
    }

    void out(final int port, final int size, final long value) {
        guest(() -> platform.io().write(port, size, value));
    }

    long in(final int port, final int size) {
        return guestRead(() -> platform.io().read(port, size));
    }

    void writeMem(final long addr, final int size, final long value) {
        guest(() -> platform.memory().write(addr, size, value));
    }

    long readMem(final long addr, final int size) {
        return guestRead(() -> platform.memory().read(addr, size));
    }

    private void guest(final Runnable access) {
        rig.asVcpu(0, access);
    }

    private long guestRead(final java.util.concurrent.Callable<Long> access) {
        return rig.asVcpu(0, access);
    }

    // ---- config space of the device ----

    void cfgWrite(final int reg, final int size, final long value) {
        outl(0xcf8, 0x80000000L | DEVFN << 8 | (reg & 0xfc));
        out(0xcfc + (reg & 3), size, value);
    }

    long cfgRead(final int reg, final int size) {
        outl(0xcf8, 0x80000000L | DEVFN << 8 | (reg & 0xfc));
        return in(0xcfc + (reg & 3), size);
    }

    /** What the scenarios' first io step does: BAR0 at 0xfe000000, memory decoding on. */
    void mapBar() {
        cfgWrite(0x10, 4, BAR);
        cfgWrite(0x04, 2, 0x2);
    }

    /** Steps virtual time by {@code ns} and asserts that nothing was emitted meanwhile or before. */
    void assertSilentFor(final long ns) {
        step(ns);
        assertThat(events()).as("events after %d ns more", ns).isEmpty();
    }

    /** This harness after {@link #mapBar()}, for a test that starts with BAR0 mapped. */
    EsbHarness withBarMapped() {
        mapBar();
        return this;
    }

    // ---- MMIO helpers, as Linux's driver does them ----

    void unlock() {
        writeMem(BAR + 0x0c, 2, 0x80);
        writeMem(BAR + 0x0c, 2, 0x86);
    }

    void setPreloads(final int timer1, final int timer2) {
        unlock();
        writeMem(BAR, 4, timer1);
        unlock();
        writeMem(BAR + 4, 4, timer2);
    }

    void ping() {
        unlock();
        writeMem(BAR + 0x0c, 2, 0x100);
    }

    void writeLock(final int value) {
        cfgWrite(0x68, 1, value);
    }

    int lockRegister() {
        return (int) cfgRead(0x68, 1);
    }

    /** Preloads as given, then enable (the scenarios' second io step). */
    void arm(final int timer1, final int timer2) {
        setPreloads(timer1, timer2);
        writeLock(0x02);
    }

    // ---- time, commands, observations ----

    long now() {
        return machine.virtualClock().nowNs();
    }

    /** qtest {@code clock_step}. */
    long step(final long ns) {
        return rig.clockStep(ns);
    }

    /** qtest {@code clock_set}. */
    long stepTo(final long targetNs) {
        return rig.clockSet(targetNs);
    }

    void qmp(final Runnable command) {
        rig.qmp(command);
    }

    RunState state() {
        return machine.runState();
    }

    /** The events recorded since the last {@link #clearEvents()}, with their delivery times. */
    List<RecordedEvent> seen() {
        return rig.recorded();
    }

    List<String> eventNames() {
        return rig.eventNames();
    }

    List<RunStateEvent> events() {
        return rig.events();
    }

    void clearEvents() {
        rig.clearEvents();
    }

    void awaitEventCount(final int count, final Duration atMost) {
        rig.awaitEventCount(count, atMost);
    }

    Termination awaitTermination() {
        return rig.awaitTermination();
    }

    @Override
    public void close() {
        rig.close();
    }
}
