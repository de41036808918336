package org.runstate.core.vcpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One virtual CPU: QEMU's {@code CPUState} run-control fields packed into one atomic flags word, so
 * the run loop's guard between slices is a single volatile read ({@code flags == 0} means "run").
 *
 * <p>Flag meanings follow QEMU: {@code stop} is a pending stop request, {@code stopped} the
 * vCPU's acknowledgement (it is parked), {@code halted} the guest executed HLT, {@code unplug} the
 * thread must exit.
 */
public final class Vcpu {
    static final int STOP = 1;
    static final int STOPPED = 1 << 1;
    static final int HALTED = 1 << 2;
    static final int UNPLUG = 1 << 3;

    private static final VarHandle FLAGS;

    static {
        try {
            FLAGS = MethodHandles.lookup().findVarHandle(Vcpu.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int index;
    private final AtomicLong nmiCount = new AtomicLong();
    /** Counts {@link #wake()} calls, so a wake-up racing the end of a slice is not lost. */
    private final AtomicLong wakeups = new AtomicLong();
    @SuppressWarnings("unused") // accessed through FLAGS
    private volatile int flags = STOPPED; // vCPUs start parked; the first vm_start releases them
    private volatile Thread thread;
    private volatile long hostThreadId;
    private final CountDownLatch threadStarted = new CountDownLatch(1);
    private volatile boolean crashOccurred;

    Vcpu(final int index) {
        this.index = index;
    }

    /**
     * The CPU index ({@code cpu_index}).
     *
     * @return 0 for the boot CPU
     */
    public int index() {
        return index;
    }

    /**
     * The host's id of this vCPU's thread ({@code CPUState.thread_id}): on Linux the thread's TID,
     * which is what {@code query-cpus-fast} reports and what management tools pin.
     *
     * @return the id, or 0 before the thread has started
     */
    public long hostThreadId() {
        return hostThreadId;
    }

    /** Called first thing on the vCPU's own thread. */
    void recordHostThreadId() {
        hostThreadId = HostThreadId.current();
        threadStarted.countDown();
    }

    /** Waits until the thread has recorded its id. */
    void awaitThreadStarted() throws InterruptedException {
        threadStarted.await();
    }

    /**
     * Whether the engine should leave its slice now ({@code exit_request}). One volatile read.
     *
     * @return true when a stop, unplug or other attention is pending
     */
    public boolean exitRequested() {
        return (lvFlags() & (STOP | UNPLUG)) != 0;
    }

    /**
     * Whether this vCPU has acknowledged a stop and is parked ({@code stopped}).
     *
     * @return true while parked by a pause
     */
    public boolean isStopped() {
        return (lvFlags() & STOPPED) != 0;
    }

    /**
     * Whether the guest is halted and waiting to be woken.
     *
     * @return true while halted
     */
    public boolean isHalted() {
        return (lvFlags() & HALTED) != 0;
    }

    /**
     * Wakes a halted vCPU (an interrupt arrived: {@code cpu_has_work}).
     */
    public void wake() {
        wakeups.incrementAndGet();
        clearFlags(HALTED);
        kick();
    }

    long wakeups() {
        return wakeups.get();
    }

    /**
     * Delivers an NMI: counts it and wakes the vCPU. Engines read {@link #nmiCount()} to inject it.
     */
    public void injectNmi() {
        nmiCount.incrementAndGet();
        wake();
    }

    /**
     * How many NMIs were delivered to this vCPU since it was created.
     *
     * @return the count
     */
    public long nmiCount() {
        return nmiCount.get();
    }

    /**
     * Whether this vCPU reported a guest panic since its last reset ({@code crash_occurred}).
     *
     * @return true after a panic on this vCPU
     */
    public boolean crashOccurred() {
        return crashOccurred;
    }

    /**
     * Records that a guest panic was raised on this vCPU; cleared by reset.
     *
     * @param occurred the new value
     */
    public void setCrashOccurred(final boolean occurred) {
        crashOccurred = occurred;
    }

    /** {@code qemu_cpu_kick}: makes a parked or halted thread re-check its flags. */
    void kick() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void bind(final Thread t) {
        thread = t;
    }

    Thread thread() {
        return thread;
    }

    int lvFlags() {
        return (int) FLAGS.getVolatile(this);
    }

    void setFlags(final int bits) {
        FLAGS.getAndBitwiseOr(this, bits);
    }

    void clearFlags(final int bits) {
        FLAGS.getAndBitwiseAnd(this, ~bits);
    }

    /** Atomically replaces {@code stop} by {@code stopped}: the acknowledgement. */
    boolean casAcknowledgeStop(final int seen) {
        return FLAGS.compareAndSet(this, seen, (seen & ~STOP) | STOPPED);
    }

    @Override
    public String toString() {
        return "vcpu-" + index;
    }
}
