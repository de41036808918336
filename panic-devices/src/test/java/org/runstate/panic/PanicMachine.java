package org.runstate.panic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.device.pci.PciBus;
import org.runstate.pc.PcPlatform;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.StopEvent;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.core.vcpu.VcpuExit;
import org.runstate.testkit.MachineRig;

/**
 * A started pc machine with stepped virtual time, the devices a test plugs, an event recorder
 * that listens like a QMP client (after launch), and helpers that access devices as qtest does
 * (vCPU 0 on the control thread) or as a guest does (on vCPU 0's own thread).
 */
final class PanicMachine implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Machine machine;
    final PcPlatform platform;
    private final MachineRig rig;
    private final BlockingQueue<Runnable> guestAccesses = new LinkedBlockingQueue<>();
    private final boolean guestThread;

    private PanicMachine(final int vcpus, final ActionCommandLine actions, final Consumer<PcPlatform> devices,
            final boolean guestThread) {
        this.guestThread = guestThread;
        PcPlatform[] installed = new PcPlatform[1];
        rig = MachineRig.builder()
                .configure(b -> b.vcpus(vcpus).clockMode(VirtualClock.Mode.STEPPED)
                        .wakeupSupported(true).nmi(NmiHandler.ALL_VCPUS)
                        .engine(guestThread ? this::runGuestAccesses : VcpuEngine.IDLE)
                        .actions(actions.toCommand()))
                .beforeStart(m -> {
                    installed[0] = PcPlatform.install(m, PcPlatform.DEFAULT_RAM);
                    devices.accept(installed[0]);
                })
                .start();
        machine = rig.machine();
        platform = installed[0];
    }

    /**
     * Starts a one-vCPU machine.
     *
     * @param actions the {@code -action}/{@code -no-shutdown} options
     * @param devices plugs the devices before start
     */
    static PanicMachine start(final ActionCommandLine actions, final Consumer<PcPlatform> devices) {
        return new PanicMachine(1, actions, devices, false);
    }

    /** Starts a machine whose vCPUs halt at once, as with {@code -accel qtest}. */
    static PanicMachine start(final int vcpus, final ActionCommandLine actions, final Consumer<PcPlatform> devices) {
        return new PanicMachine(vcpus, actions, devices, false);
    }

    /** Starts a one-vCPU machine whose vCPU 0 thread runs what {@link #onVcpuThread} posts. */
    static PanicMachine startWithGuestThread(final ActionCommandLine actions, final Consumer<PcPlatform> devices) {
        return new PanicMachine(1, actions, devices, true);
    }

    static ActionCommandLine actions(final String... keyValues) {
        ActionCommandLine a = new ActionCommandLine();
        for (String kv : keyValues) {
            a.action(kv);
        }
        return a;
    }

    /**
     * vCPU 0 runs the posted accesses on its own thread. It waits for them inside short slices
     * rather than halting: a {@code Vcpu.wake()} that lands while a slice is deciding to halt is
     * lost in the core (see the report), and slices of 10 ms keep pauses prompt.
     */
    private VcpuExit runGuestAccesses(final Vcpu vcpu) {
        if (vcpu.index() != 0) {
            return VcpuExit.HALTED;
        }
        try {
            Runnable access = guestAccesses.poll(10, TimeUnit.MILLISECONDS);
            if (access != null) {
                access.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return VcpuExit.CONTINUE;
    }

    /** Runs {@code access} on vCPU 0's thread, as guest code would, and returns at once. */
    void onVcpuThread(final Runnable access) {
        if (!guestThread) {
            throw new IllegalStateException("start the machine with startWithGuestThread");
        }
        guestAccesses.add(access);
    }

    /** A QMP command: on the control thread, with the requests it posted processed. */
    <T> T qmp(final Callable<T> command) {
        return rig.qmp(command);
    }

    void qmp(final Runnable command) {
        rig.qmp(command);
    }

    /** A qtest access: on the control thread, acting as vCPU {@code index}. */
    <T> T asVcpu(final int index, final Callable<T> access) {
        return rig.asVcpu(index, access);
    }

    long in(final long port, final int size) {
        return asVcpu(0, () -> platform.io().read(port, size));
    }

    void out(final long port, final int size, final long value) {
        rig.asVcpu(0, () -> platform.io().write(port, size, value));
    }

    long read(final long addr, final int size) {
        return asVcpu(0, () -> platform.memory().read(addr, size));
    }

    void write(final long addr, final int size, final long value) {
        rig.asVcpu(0, () -> platform.memory().write(addr, size, value));
    }

    Long rdmsr(final int vcpu, final long msr) {
        return asVcpu(vcpu, () -> platform.msrs().read(machine.vcpus().vcpus().get(vcpu), msr));
    }

    boolean wrmsr(final int vcpu, final long msr, final long value) {
        return asVcpu(vcpu, () -> platform.msrs().write(machine.vcpus().vcpus().get(vcpu), msr, value));
    }

    /** A config read through mechanism #1 ({@code outl 0xcf8}, then 0xcfc). */
    long configRead(final int devfn, final int offset, final int size) {
        out(PciBus.CONFIG_ADDRESS, 4, 0x8000_0000L | devfn << 8 | (offset & 0xfc));
        return in(PciBus.CONFIG_DATA + (offset & 3), size);
    }

    void configWrite(final int devfn, final int offset, final int size, final long value) {
        out(PciBus.CONFIG_ADDRESS, 4, 0x8000_0000L | devfn << 8 | (offset & 0xfc));
        out(PciBus.CONFIG_DATA + (offset & 3), size, value);
    }

    RunState state() {
        return machine.runState();
    }

    /**
     * Asserts that exactly {@code expected} arrived since the last check, in order, then forgets
     * them. Waits for them to arrive, and (while the machine lives) lets the control loop run
     * once more so that an extra event would be seen.
     */
    void expectEvents(final RunStateEvent... expected) {
        rig.awaitEventCount(expected.length, TIMEOUT);
        if (!machine.termination().isDone()) {
            try {
                qmp(() -> null);
            } catch (RuntimeException e) {
                // the machine ended meanwhile: nothing more can be emitted
            }
        }
        assertThat(rig.takeEvents()).containsExactly(expected);
    }

    /** Asserts that the guest's panic was reported and paused the VM: {@code panicked}, then STOP. */
    void expectPausedByPanic(final GuestPanickedEvent panicked) {
        expectEvents(panicked, StopEvent.INSTANCE);
        assertThat(state()).isEqualTo(RunState.GUEST_PANICKED);
    }

    /** Runs QMP {@code cont} and asserts that it resumed the VM: RESUME, then state running. */
    void contResumes() {
        qmp(() -> machine.commands().cont());
        expectEvents(ResumeEvent.INSTANCE);
        assertThat(state()).isEqualTo(RunState.RUNNING);
    }

    /** Asserts that nothing was emitted since the last check. */
    void expectNoEvents() {
        expectEvents();
    }

    Termination awaitTermination() {
        return rig.awaitTermination();
    }

    @Override
    public void close() {
        rig.close();
    }
}
