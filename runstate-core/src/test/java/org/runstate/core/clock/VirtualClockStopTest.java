package org.runstate.core.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A timer run stops as soon as the hook after a callback says the machine is ending. */
class VirtualClockStopTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.Mode.STEPPED, () -> { });
    private final List<String> fired = new ArrayList<>();

    @Test
    void aStepStopsAtTheTimerAfterWhichTheHookAnswersTrue() {
        clock.newTimer(() -> fired.add("a")).mod(10);
        clock.newTimer(() -> fired.add("b")).mod(20);
        clock.newTimer(() -> fired.add("c")).mod(20);
        clock.newTimer(() -> fired.add("d")).mod(30);
        long end = clock.step(100, () -> fired.get(fired.size() - 1).equals("b"));
        assertThat(fired).containsExactly("a", "b");
        assertThat(end).isEqualTo(20);
        assertThat(clock.nowNs()).isEqualTo(20);
        assertThat(clock.nanosToNextDeadline()).isZero(); // "c" is still armed, due now
    }

    @Test
    void aStepThatIsNeverStoppedEndsAtItsTarget() {
        clock.newTimer(() -> fired.add("a")).mod(10);
        assertThat(clock.step(100, () -> false)).isEqualTo(100);
        assertThat(fired).containsExactly("a");
    }

    @Test
    void runExpiredStopsToo() {
        clock.newTimer(() -> fired.add("a")).mod(0);
        clock.newTimer(() -> fired.add("b")).mod(0);
        clock.runExpired(() -> true);
        assertThat(fired).containsExactly("a");
    }
}
