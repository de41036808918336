package org.runstate.stress.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.RejectedExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.runstate.core.ControlThreadTestAccess;
import org.runstate.core.clock.VirtualClock;

/**
 * jcstress proof that a task queued while the control loop ends is never stranded: its submitter
 * either is refused at once or gets a failed future, so a caller waiting on it never hangs.
 *
 * <p>The loop's first pass ends the machine (its request processor answers "exit 0"), as a
 * {@code quit} does. r1 = how the submit ended (1 refused at once, 2 queued), r2 = the future once
 * both are done (0 pending, 1 failed, 2 ran).
 */
@JCStressTest
@Outcome(id = {"1, 1", "2, 1"}, expect = ACCEPTABLE, desc = "refused, at once or through its future")
@Outcome(id = ".*, 0", expect = FORBIDDEN, desc = "stranded: the future never completes")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class MainLoopTerminationStress {
    private final ControlThreadTestAccess.ControlLoop loop =
            new ControlThreadTestAccess.ControlLoop(VirtualClock.Mode.STEPPED);
    private final ControlThreadTestAccess.Task<Integer> task = new ControlThreadTestAccess.Task<>(() -> 7);
    private int submitted;

    @Actor
    public void controlThreadEnds() {
        loop.run();
    }

    @Actor
    public void submitter() {
        try {
            loop.execute(task);
            submitted = 2;
        } catch (RejectedExecutionException e) {
            task.future().completeExceptionally(e);
            submitted = 1;
        }
    }

    @Arbiter
    public void arbiter(final II_Result r) {
        r.r1 = submitted;
        if (!task.future().isDone()) {
            r.r2 = 0;
        } else {
            r.r2 = task.future().isCompletedExceptionally() ? 1 : 2;
        }
    }
}
