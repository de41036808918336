package org.runstate.core.vcpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each vCPU on its own platform thread and implements QEMU's pause/resume handshake
 * (softmmu/cpus.c): {@link #pauseAll()} sets {@code stop} on every vCPU, kicks it and waits
 * (without spinning) until each has acknowledged with {@code stopped}; {@link #resumeAll()}
 * clears both and wakes the threads. A vCPU thread that stops the VM itself only sets its own
 * {@code stop} ({@link #stopCurrent()}), because it must not wait for itself.
 *
 * <p>The fast path between two slices is one volatile read of the vCPU's flags word.
 *
 * <p>{@link #pauseAll()} and {@link #resumeAll()} must be called from one thread (the machine's
 * control thread), as QEMU calls them under the BQL: a resume racing a pause could clear a stop
 * before it was acknowledged. A loop owned by a machine enforces it: {@link #pauseAll()},
 * {@link #resumeAll()} and {@link #resetAll()} throw {@link IllegalStateException} off the
 * machine's control thread.
 */
public final class VcpuRunLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VcpuRunLoop.class);
    private static final ThreadLocal<Vcpu> CURRENT = new ThreadLocal<>();

    private final List<Vcpu> vcpus;
    private final VcpuEngine engine;
    /** True on the thread allowed to pause, resume and reset (the owner's control thread). */
    private final BooleanSupplier onControlThread;
    private final ReentrantLock pauseLock = new ReentrantLock();
    private final Condition pauseCond = pauseLock.newCondition();
    private volatile BiConsumer<Vcpu, RuntimeException> engineFailureHandler =
            (v, e) -> LOG.error("{}: engine failed; the vCPU halts", v, e);

    /**
     * Creates {@code count} vCPUs, all parked; threads start with {@link #start()}.
     *
     * @param count the number of vCPUs ({@code -smp})
     * @param engine runs guest code; shared by all vCPUs and called on each vCPU's thread
     */
    public VcpuRunLoop(final int count, final VcpuEngine engine) {
        this(count, engine, () -> true);
    }

    /**
     * Creates {@code count} vCPUs, all parked, whose pause, resume and reset only the thread for
     * which {@code onControlThread} is true may call.
     *
     * @param count the number of vCPUs ({@code -smp})
     * @param engine runs guest code; shared by all vCPUs and called on each vCPU's thread
     * @param onControlThread true when called on the owner's control thread
     */
    public VcpuRunLoop(final int count, final VcpuEngine engine, final BooleanSupplier onControlThread) {
        this.onControlThread = Objects.requireNonNull(onControlThread, "onControlThread");
        if (count < 1) {
            throw new IllegalArgumentException("need at least one vCPU, got " + count);
        }
        this.engine = Objects.requireNonNull(engine, "engine");
        List<Vcpu> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new Vcpu(i));
        }
        vcpus = List.copyOf(list);
    }

    /**
     * Sets what happens when the engine throws: by default the error is logged and the vCPU halts
     * until woken (a device model bug must not kill the machine).
     *
     * @param handler called on the vCPU thread with the failure
     */
    public void onEngineFailure(final BiConsumer<Vcpu, RuntimeException> handler) {
        engineFailureHandler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Starts one platform thread per vCPU; each stays parked until {@link #resumeAll()}. Returns once
     * every thread runs and has recorded its {@linkplain Vcpu#hostThreadId() host id}.
     *
     * @throws IllegalStateException if the threads were started before
     */
    public void start() {
        if (vcpus.get(0).thread() != null) {
            throw new IllegalStateException("VcpuRunLoop.start(): the vCPU threads were started before; "
                    + "a machine starts its vCPUs once (Machine.start())");
        }
        for (Vcpu v : vcpus) {
            Thread t = new Thread(() -> run(v), "vcpu-" + v.index());
            t.setDaemon(true);
            v.bind(t);
            t.start();
        }
        try {
            for (Vcpu v : vcpus) {
                v.awaitThreadStarted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The vCPUs, by index.
     *
     * @return an immutable list
     */
    public List<Vcpu> vcpus() {
        return vcpus;
    }

    /**
     * The vCPU whose thread (or whose {@link #runAs} context) the caller is in
     * ({@code current_cpu}).
     *
     * @return the vCPU, or {@code null} outside vCPU context
     */
    public static Vcpu current() {
        return CURRENT.get();
    }

    /**
     * Whether the calling thread is the thread of one of these vCPUs (not a {@link #runAs} context).
     *
     * @return true on a vCPU thread of this loop
     */
    public boolean isVcpuThread() {
        Vcpu self = CURRENT.get();
        return self != null && self.thread() == Thread.currentThread() && vcpus.contains(self);
    }

    /**
     * Runs {@code action} on the calling thread as if vCPU {@code index} executed it: device accesses
     * made from qtest behave like a guest access, so a {@code vm_stop} they cause becomes a request.
     *
     * @param index the vCPU to act as
     * @param action what to run
     */
    public void runAs(final int index, final Runnable action) {
        Vcpu previous = CURRENT.get();
        CURRENT.set(vcpus.get(index));
        try {
            action.run();
        } finally {
            CURRENT.set(previous);
        }
    }

    /**
     * {@code pause_all_vcpus}: asks every vCPU to stop and returns once all have acknowledged. When
     * called on a vCPU thread, that vCPU acknowledges at once. Waits on a condition, never spins.
     */
    public void pauseAll() {
        requireControlThread("pauseAll()");
        Thread me = Thread.currentThread();
        for (Vcpu v : vcpus) {
            if (v.thread() == me) {
                v.setFlags(Vcpu.STOPPED);
                v.clearFlags(Vcpu.STOP);
            } else {
                v.setFlags(Vcpu.STOP);
                v.kick();
            }
        }
        pauseLock.lock();
        try {
            while (!allStopped()) {
                pauseCond.awaitUninterruptibly();
            }
        } finally {
            pauseLock.unlock();
        }
    }

    /**
     * {@code resume_all_vcpus} for a running VM: clears {@code stop} and {@code stopped} on every
     * vCPU and wakes it. The caller checks that the run state is {@code running}, as QEMU's does.
     */
    public void resumeAll() {
        requireControlThread("resumeAll()");
        for (Vcpu v : vcpus) {
            v.clearFlags(Vcpu.STOP | Vcpu.STOPPED);
            v.kick();
        }
    }

    /**
     * {@code cpu_stop_current}: if the caller is in vCPU context, sets that vCPU's {@code stop} so
     * it parks after its current slice. Does nothing elsewhere.
     */
    public void stopCurrent() {
        Vcpu self = current();
        if (self != null) {
            self.setFlags(Vcpu.STOP);
        }
    }

    /**
     * Whether every vCPU has acknowledged a stop.
     *
     * @return true if all are parked
     */
    public boolean allStopped() {
        for (Vcpu v : vcpus) {
            if (!v.isStopped()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resets every vCPU's engine state and crash flag; call with all vCPUs paused.
     */
    public void resetAll() {
        requireControlThread("resetAll()");
        for (Vcpu v : vcpus) {
            v.setCrashOccurred(false);
            engine.reset(v);
        }
    }

    /** Unplugs every vCPU and joins the threads. */
    @Override
    public void close() {
        for (Vcpu v : vcpus) {
            v.setFlags(Vcpu.UNPLUG);
            v.kick();
        }
        for (Vcpu v : vcpus) {
            Thread t = v.thread();
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The vCPU thread's body ({@code qemu_*_cpu_thread_fn}): runs slices while the flags word is
     * 0, acknowledges stops, parks while stopped or halted, returns once unplugged. Package-private
     * so that the Lincheck model check can run it on a thread of its own.
     *
     * @param v the vCPU whose thread this is ({@link Vcpu#bind} must name the calling thread)
     */
    void run(final Vcpu v) {
        v.recordHostThreadId();
        CURRENT.set(v);
        while (true) {
            int f = v.lvFlags();
            if (f == 0) {
                runSlice(v);
                continue;
            }
            if ((f & Vcpu.UNPLUG) != 0) {
                acknowledge(v);
                return;
            }
            if ((f & Vcpu.STOP) != 0) {
                if (v.casAcknowledgeStop(f)) {
                    signalPaused();
                }
                continue;
            }
            // stopped or halted: sleep until kicked; a kick re-reads the flags
            LockSupport.park(this);
        }
    }

    private void runSlice(final Vcpu v) {
        long wakeupsBefore = v.wakeups();
        try {
            if (engine.runSlice(v) == VcpuExit.HALTED) {
                v.setFlags(Vcpu.HALTED);
                if (v.wakeups() != wakeupsBefore) {
                    v.clearFlags(Vcpu.HALTED); // woken while the slice was ending: do not sleep through it
                }
            }
        } catch (RuntimeException e) {
            v.setFlags(Vcpu.HALTED);
            engineFailureHandler.accept(v, e);
        }
    }

    private void requireControlThread(final String method) {
        if (!onControlThread.getAsBoolean()) {
            throw new IllegalStateException("VcpuRunLoop." + method + " must run on the machine's control thread, "
                    + "not on '" + Thread.currentThread().getName() + "'; use Machine.submit(ctx -> ctx."
                    + (method.startsWith("resume") ? "resumeAllVcpus()" : method.startsWith("pause")
                            ? "pauseAllVcpus()" : "systemReset(cause)") + ")");
        }
    }

    private void acknowledge(final Vcpu v) {
        v.setFlags(Vcpu.STOPPED);
        signalPaused();
    }

    private void signalPaused() {
        pauseLock.lock();
        try {
            pauseCond.signalAll();
        } finally {
            pauseLock.unlock();
        }
    }
}
