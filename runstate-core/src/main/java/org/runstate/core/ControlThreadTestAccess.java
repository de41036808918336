package org.runstate.core;

import com.google.common.annotations.VisibleForTesting;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.state.AtomicRunState;
import org.runstate.core.state.VmStateChangeHandlers;
import org.runstate.core.vcpu.VcpuRunLoop;

/**
 * The control loop's and the system requests' internals that the jcstress tests of the
 * {@code stress} module race, reachable from that module's own packages (a test in this package
 * would split it). Not an API: an embedder gets the same objects, confined, through
 * {@link Machine}.
 */
@VisibleForTesting
public final class ControlThreadTestAccess {
    private ControlThreadTestAccess() {
    }

    /** A control loop with no machine around it and no requests to process. */
    public static final class ControlLoop {
        private final MainLoop loop;

        /**
         * Creates the loop.
         *
         * @param mode how its virtual clock moves
         */
        public ControlLoop(final VirtualClock.Mode mode) {
            loop = new MainLoop(mode);
            loop.setRequestProcessor(() -> 0);
        }

        /**
         * Runs the loop on the calling thread until it ends (at once here: nothing keeps it).
         *
         * @return the exit status
         */
        public int run() {
            return loop.run();
        }

        /**
         * Submits a task as {@link Machine#submit} does.
         *
         * @param task the task
         * @throws java.util.concurrent.RejectedExecutionException if the loop has ended
         */
        public void execute(final Task<?> task) {
            loop.execute(task.task);
        }
    }

    /**
     * A task whose submitter waits on a future, as {@link Machine#submit} creates one.
     *
     * @param <T> the result type
     */
    public static final class Task<T> {
        private final MainLoop.ControlTask<T> task;

        /**
         * Creates the task.
         *
         * @param body what it runs
         */
        public Task(final Callable<T> body) {
            task = new MainLoop.ControlTask<>(body, () -> null); // no thread here must be refused a join
        }

        /**
         * The future the submitter waits on.
         *
         * @return the future
         */
        public CompletableFuture<T> future() {
            return task.future;
        }
    }

    /**
     * System requests without a control thread; the caller takes them with the {@code take}
     * methods below, as the control thread's request processing does.
     *
     * @param state the run state
     * @param vcpus the vCPUs
     * @param notifyMainLoop run whenever a request is posted
     * @return the requests
     */
    public static SystemRequests systemRequests(final AtomicRunState state, final VcpuRunLoop vcpus,
            final Runnable notifyMainLoop) {
        return new SystemRequests(new RunStateFunnel(state, new VmStateChangeHandlers()), new RunStateActions(), vcpus,
                notifyMainLoop, msg -> { });
    }

    /**
     * Takes the pending shutdown request.
     *
     * @param requests the requests
     * @return its cause, or null when none was pending
     */
    public static ShutdownCause takeShutdown(final SystemRequests requests) {
        return requests.takeShutdown();
    }

    /**
     * Takes the pending reset request.
     *
     * @param requests the requests
     * @return its cause, or null when none was pending
     */
    public static ShutdownCause takeReset(final SystemRequests requests) {
        return requests.takeReset();
    }

    /**
     * Takes the pending vmstop request.
     *
     * @param requests the requests
     * @return the state it asked for, or null when none was pending
     */
    public static RunState takeVmstop(final SystemRequests requests) {
        return requests.takeVmstop();
    }
}
