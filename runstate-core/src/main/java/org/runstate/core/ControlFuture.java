package org.runstate.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The result of work submitted to a machine's control thread ({@link Machine#submit}). Waiting on
 * it ({@link #join}, {@link #get}) from the control thread itself or from one of the machine's
 * vCPU threads throws {@link IllegalStateException} at once instead of deadlocking: the control
 * thread would wait for itself, and a vCPU thread would wait for a control thread that may be
 * waiting for that vCPU to pause. Such threads use the future's callbacks
 * ({@code thenAccept}, {@code whenComplete}) or post a request instead. Waiting on a future that is
 * already complete is always allowed.
 *
 * @param <T> the result type
 */
public final class ControlFuture<T> extends CompletableFuture<T> {
    /** Names the calling thread when it must not wait (control or vCPU thread), else null. */
    private final Supplier<String> forbiddenWaiter;

    ControlFuture(final Supplier<String> forbiddenWaiter) {
        this.forbiddenWaiter = forbiddenWaiter;
    }

    @Override
    public T join() {
        checkMayWait("join()");
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkMayWait("get()");
        return super.get();
    }

    @Override
    public T get(final long timeout, final TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        checkMayWait("get(timeout)");
        return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependent stages complete elsewhere; they need no check
    }

    private void checkMayWait(final String method) {
        if (isDone()) {
            return;
        }
        String thread = forbiddenWaiter.get();
        if (thread != null) {
            throw new IllegalStateException("Machine.submit(..)." + method + " called on " + thread
                    + ", which would deadlock: the control thread runs the submitted work and waits for the"
                    + " vCPUs to pause; wait from another thread, use the future's callbacks, or post a"
                    + " request (Machine.requests())");
        }
    }
}
