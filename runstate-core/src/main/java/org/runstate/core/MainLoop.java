package org.runstate.core;

import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.clock.VirtualClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control thread: QEMU's main loop. It runs submitted tasks (QMP commands, qtest lines) and
 * expired timers, and after each one processes the system requests, so an event a task causes
 * through a request is emitted before the task's result is handed back (QEMU 7.2.22's
 * event-before-response order). It sleeps with {@link LockSupport#parkNanos} until the next
 * deadline or a wake-up, never spinning.
 *
 * <p>The control role is a lock, QEMU's BQL: the loop holds it for each pass and releases it to
 * sleep. Another thread may take it while the loop is idle and run a task itself
 * ({@link #tryRunHere}), which saves the two thread hand-offs of a queued task (a QMP command is
 * then answered on the thread that read it). Whoever holds the role is "the control thread".
 */
final class MainLoop {
    private static final Logger LOG = LoggerFactory.getLogger(MainLoop.class);

    private final MpscUnboundedXaddArrayQueue<Runnable> tasks = new MpscUnboundedXaddArrayQueue<>(128);
    private final AtomicBoolean notified = new AtomicBoolean();
    private final RealtimeClock realtime;
    private final VirtualClock virtual;
    /** Under qtest: host time's stand-in, stepped with {@link #virtual}; its timers always run. */
    private final VirtualClock steppedHost;
    private IntSupplier requestProcessor;
    private volatile Thread thread;
    /** The control role: held by the loop for a pass, or by a thread running a task in its place. */
    private final ReentrantLock role = new ReentrantLock();
    /** Who holds {@link #role} now. */
    private volatile Thread owner;
    /** A wake-up asked for by a thread holding the role in the loop's place; sent when it lets go. */
    private boolean deferredWakeup;
    /** Machine initialisation: runs before any task queued before the loop started. */
    private Runnable firstTask;
    private volatile boolean terminated;
    /** Written by the control thread only. */
    private int exitStatus = RequestProcessor.CONTINUE;
    /** An {@link #exitNow} from another thread, handed to the control thread. */
    private volatile int requestedExit = RequestProcessor.CONTINUE;
    /** The failure that ends the machine, caught where the loop must not end by an exception. */
    private Throwable failure;

    MainLoop(final VirtualClock.Mode mode) {
        this.realtime = new RealtimeClock(this::wakeup);
        this.virtual = new VirtualClock(mode, this::wakeup);
        this.steppedHost = mode == VirtualClock.Mode.STEPPED ? new VirtualClock(mode, this::wakeup) : null;
    }

    RealtimeClock realtime() {
        return realtime;
    }

    VirtualClock virtual() {
        return virtual;
    }

    /** The stepped stand-in for host time under qtest, or null when time follows the host. */
    VirtualClock steppedHost() {
        return steppedHost;
    }

    void setRequestProcessor(final IntSupplier processor) {
        this.requestProcessor = processor;
    }

    boolean inControlThread() {
        return Thread.currentThread() == owner;
    }

    boolean isTerminated() {
        return terminated;
    }

    /** {@code qemu_notify_event}: makes the loop run a pass soon. */
    void wakeup() {
        Thread self = Thread.currentThread();
        if (self == owner && self != thread) {
            deferredWakeup = true; // the loop may be asleep holding a stale deadline: wake it on release
            return;
        }
        notified.set(true);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void execute(final Runnable task) {
        if (terminated) {
            throw new RejectedExecutionException("the machine has terminated");
        }
        tasks.offer(task);
        // The loop may have ended between the check and the offer, after its last drain: then the
        // task would wait forever. A Dekker pair with run()'s exit (set terminated, then drain):
        // either that drain sees our task or we see terminated and drain it ourselves.
        VarHandle.fullFence();
        if (terminated) {
            rejectQueuedHoldingRole();
        } else {
            wakeup();
        }
    }

    /**
     * Runs the loop on the calling thread until a request ends the machine, or {@link #exitNow}.
     *
     * @return the exit status
     */
    int run() {
        Thread self = Thread.currentThread();
        try {
            // `thread` is published under the role: no caller can run a task here before the first
            boolean exit = asOwner(self, () -> {
                thread = self;
                return firstTask != null && runTask(firstTask);
            });
            while (!exit) {
                // clear the wake-up flag before looking at the work, never after: a request posted
                // while we process is then either seen now or leaves the flag set for the next pass
                notified.set(false);
                exit = asOwner(self, this::onePass);
                if (!exit && !notified.get()) {
                    sleep();
                }
            }
            return exitStatus;
        } finally {
            terminated = true;
            rejectQueuedHoldingRole();
        }
    }

    /**
     * Runs {@code work} holding the control role; when it says the machine must end, marks the loop
     * terminated before letting go, so no caller can run a task here afterwards.
     */
    private boolean asOwner(final Thread self, final BooleanSupplier work) {
        role.lock();
        owner = self;
        try {
            boolean exit = work.getAsBoolean();
            if (exit) {
                terminated = true;
            }
            return exit;
        } finally {
            owner = null;
            role.unlock();
        }
    }

    /** Requests, expired timers, queued tasks; true when the machine must end. */
    private boolean onePass() {
        if (afterEach()) {
            return true;
        }
        realtime.runExpired(this::afterEach);
        if (exitStatus != RequestProcessor.CONTINUE) {
            return true;
        }
        virtual.runExpired(this::afterEach);
        if (steppedHost != null && exitStatus == RequestProcessor.CONTINUE) {
            steppedHost.runExpired(this::afterEach);
        }
        return exitStatus != RequestProcessor.CONTINUE || runTasks();
    }

    /**
     * Runs {@code task} on the calling thread as the control thread, followed by request
     * processing, if the loop is idle: not in a pass, nothing queued, not ended. Otherwise does
     * nothing; the caller then queues the task with {@link #execute}.
     *
     * @param task the task
     * @return true if the task ran (its future is complete)
     */
    boolean tryRunHere(final ControlTask<?> task) {
        Thread self = Thread.currentThread();
        Thread loopThread = thread;
        if (terminated || loopThread == null || self == loopThread || self == owner || !tasks.isEmpty()
                || !role.tryLock()) {
            return false;
        }
        boolean ran = false;
        boolean wake;
        try {
            if (!terminated && exitStatus == RequestProcessor.CONTINUE && tasks.isEmpty()) {
                owner = self;
                try {
                    task.run();
                    afterEach();
                    ran = true;
                } finally {
                    owner = null;
                }
            }
        } finally {
            wake = deferredWakeup || exitStatus != RequestProcessor.CONTINUE;
            deferredWakeup = false;
            role.unlock();
        }
        if (wake) {
            wakeup();
        }
        if (ran) {
            task.finish();
        }
        return ran;
    }

    /** Ends the loop at its next check, with {@code status}, skipping request processing. */
    void exitNow(final int status) {
        if (inControlThread()) {
            if (exitStatus == RequestProcessor.CONTINUE) {
                exitStatus = status;
            }
        } else {
            requestedExit = status; // read by the control thread in afterEach; it never overwrites this
        }
        wakeup();
    }

    /**
     * Ends the machine as failed: the loop stops at its next check and {@link #failure()} tells
     * why. For failures caught where they cannot propagate, such as a timer callback that threw
     * inside a qtest clock step. Holding the control role only; the first failure wins.
     *
     * @param cause what went wrong
     */
    void fail(final Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        if (exitStatus == RequestProcessor.CONTINUE) {
            exitStatus = Termination.FAILURE_EXIT_STATUS;
        }
        wakeup();
    }

    /**
     * The failure recorded with {@link #fail}; read once {@link #run} has returned.
     *
     * @return the failure, or null
     */
    Throwable failure() {
        return failure;
    }

    /**
     * Runs {@code work} holding the control role once the loop has ended ({@code vm_shutdown} at
     * exit), so what checks for the control thread accepts it.
     *
     * @param work the clean-up
     */
    void runAfterEnd(final Runnable work) {
        asOwner(Thread.currentThread(), () -> {
            work.run();
            return true;
        });
    }

    /**
     * Sets the task the loop runs first, before anything queued while it was not yet running
     * (a QMP command that arrived during start-up waits for the machine to be initialised).
     *
     * @param task the initialisation
     */
    void setFirstTask(final Runnable task) {
        this.firstTask = task;
    }

    private boolean runTasks() {
        Runnable task;
        while ((task = tasks.relaxedPoll()) != null) {
            if (runTask(task)) {
                return true;
            }
        }
        return false;
    }

    /** Runs one task, then the requests it caused; true when the machine must end. */
    private boolean runTask(final Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("control-thread task failed; the machine goes on", e);
        }
        boolean exit = afterEach();
        if (task instanceof ControlTask<?> t) {
            t.finish(); // after the requests it caused were processed and their events emitted
        }
        return exit;
    }

    /**
     * Processes requests, after each task and each timer callback (also inside a qtest clock
     * step, where a true return stops the step at that timer).
     *
     * @return true when the machine must end (an {@link #exitNow}, or a request that ends it)
     */
    private boolean afterEach() {
        int requested = requestedExit;
        if (exitStatus == RequestProcessor.CONTINUE && requested != RequestProcessor.CONTINUE) {
            exitStatus = requested;
        }
        if (exitStatus == RequestProcessor.CONTINUE) {
            try {
                exitStatus = requestProcessor.getAsInt();
            } catch (RuntimeException e) {
                LOG.error("request processing failed; the machine goes on", e);
            }
        }
        return exitStatus != RequestProcessor.CONTINUE;
    }

    /**
     * Moves stepped virtual time and the stepped host time with it to {@code targetNs}, firing the
     * timers of both in deadline order (a virtual and a host timer due at the same time: the
     * virtual one first). Host timers fire even while virtual timers are disabled (paused, S3).
     * A timer callback that throws ends the machine as failed ({@link #fail}), as between steps.
     * Holding the control role only.
     *
     * @param targetNs the absolute virtual time
     * @return the new virtual time (where it stopped if the machine is ending)
     */
    long advanceSteppedClocks(final long targetNs) {
        VirtualClock host = steppedHost;
        if (host == null) {
            return virtual.set(targetNs, this::afterEach); // refuses: time follows the host
        }
        try {
            return advanceSteppedClocks(host, targetNs);
        } catch (RuntimeException e) {
            fail(e); // a timer callback threw: the machine fails, as it does between steps
            throw e;
        }
    }

    private long advanceSteppedClocks(final VirtualClock host, final long targetNs) {
        while (true) {
            long next = targetNs;
            long toHostTimer = host.nanosToNextDeadline();
            if (toHostTimer >= 0) {
                next = Math.min(next, host.nowNs() + toHostTimer);
            }
            long now = virtual.set(next, this::afterEach);
            if (now < next || host.set(now, this::afterEach) < now || now >= targetNs) {
                return now; // arrived, or a clock stopped short (the machine is ending)
            }
        }
    }

    private void sleep() {
        long a = realtime.nanosUntilNextDeadline();
        long b = virtual.nanosUntilNextDeadline();
        long wait = a < 0 ? b : b < 0 ? a : Math.min(a, b);
        if (steppedHost != null && steppedHost.nanosUntilNextDeadline() == 0) {
            wait = 0; // an overdue host timer (one armed for now) runs in the next pass
        }
        if (wait == 0) {
            return;
        }
        if (wait < 0) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, wait);
        }
    }

    /** Fails what is queued after the loop ended; under the role, as the queue has one consumer. */
    private void rejectQueuedHoldingRole() {
        role.lock();
        try {
            Runnable task;
            while ((task = tasks.relaxedPoll()) != null) {
                if (task instanceof ControlTask<?> t) {
                    t.future.completeExceptionally(new RejectedExecutionException("the machine has terminated"));
                }
            }
        } finally {
            role.unlock();
        }
    }

    /**
     * A task whose caller waits on a future. The future completes only after the request
     * processing that follows the task, and fails (rather than never completing) if the machine
     * terminated before the task ran.
     */
    static final class ControlTask<T> implements Runnable {
        final ControlFuture<T> future;
        private final Callable<T> body;
        private T result;
        private Exception failure;

        /**
         * @param body the work
         * @param forbiddenWaiter names the calling thread when it must not wait on the future
         */
        ControlTask(final Callable<T> body, final Supplier<String> forbiddenWaiter) {
            this.body = body;
            this.future = new ControlFuture<>(forbiddenWaiter);
        }

        @Override
        public void run() {
            try {
                result = body.call();
            } catch (Exception e) {
                failure = e;
            }
        }

        void finish() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }
}
