package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;

/** {@link Machine#submitOrRunHere}: QEMU's BQL taken by the caller when the control loop is idle. */
class SubmitOrRunHereTest {

    /** {@code command} given to {@link Machine#submitOrRunHere}, which takes only a Callable. */
    private static CompletableFuture<Object> submitOrRunHere(final MachineHarness h, final Runnable command) {
        return h.machine.submitOrRunHere(() -> {
            command.run();
            return null;
        });
    }

    @Test
    void anIdleLoopLetsTheCallerRunTheCommandAndTheFutureIsDoneOnReturn() {
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(false))) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                CompletableFuture<Boolean> f = h.machine.submitOrRunHere(() -> {
                    ranOn.set(Thread.currentThread());
                    return true;
                });
                return f.isDone() && ranOn.get() == Thread.currentThread();
            });
        }
    }

    @Test
    void eventsTheCommandCausesComeBeforeItsCompletion() {
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(false))) {
            submitOrRunHere(h, () -> h.machine.commands().cont()).join();
            assertThat(h.eventNames()).containsExactly("RESUME");
            assertThat(h.machine.runState()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void aBusyLoopGetsTheCommandQueuedInOrderBehindItsCurrentTask() throws Exception {
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(false))) {
            CountDownLatch blocking = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            StringBuilder order = new StringBuilder();
            CompletableFuture<Void> first = h.machine.submit(() -> {
                blocking.countDown();
                release.await();
                order.append("first ");
                return null;
            });
            assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Thread> second = h.machine.submitOrRunHere(() -> {
                order.append("second");
                return Thread.currentThread();
            });
            assertThat(second).isNotDone(); // the loop holds the control role: queued, not run here
            release.countDown();
            assertThat(second.get(10, TimeUnit.SECONDS).getName()).isEqualTo("runstate-main");
            first.join();
            assertThat(order).hasToString("first second");
        }
    }

    @Test
    void quitRunOnTheCallerStillEndsTheMachine() {
        try (MachineHarness h = MachineHarness.start(b -> b.autostart(true))) {
            submitOrRunHere(h, () -> h.machine.commands().quit()).join();
            assertThat(h.machine.termination()).succeedsWithin(Duration.ofSeconds(10));
            assertThat(h.machine.submitOrRunHere(() -> 1)).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(RejectedExecutionException.class);
        }
    }
}
