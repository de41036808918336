package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by QmpInputFuzzTest): once the machine has terminated, {@link Machine#submit}
 * and {@link Machine#submitOrRunHere} return a future failed with
 * {@link RejectedExecutionException}, as documented, instead of throwing it.
 */
class SubmitAfterTerminationTest {
    @Test
    void submitAfterTerminationReturnsAFailedFutureAsDocumented() throws Exception {
        Machine machine = Machine.builder().build().start();
        try {
            machine.submit(() -> {
                machine.commands().quit();
                return null;
            }).get(5, TimeUnit.SECONDS);
            machine.termination().get(5, TimeUnit.SECONDS);

            CompletableFuture<?>[] f = new CompletableFuture<?>[2];
            assertThatCode(() -> f[0] = machine.submit(() -> null)).doesNotThrowAnyException();
            assertThatCode(() -> f[1] = machine.submitOrRunHere(() -> null)).doesNotThrowAnyException();
            for (CompletableFuture<?> future : f) {
                assertThat(future).isCompletedExceptionally();
                assertThat(future.handle((v, e) -> e).get()).isInstanceOf(RejectedExecutionException.class);
            }
        } finally {
            machine.close();
        }
    }
}
