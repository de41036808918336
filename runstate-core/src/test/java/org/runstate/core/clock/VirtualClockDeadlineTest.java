package org.runstate.core.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The distance to the next deadline that a bare qtest {@code clock_step} advances by. */
class VirtualClockDeadlineTest {

    @Test
    void steppedTimeReportsTheDistanceToTheNextTimerThoughItDoesNotMoveByItself() {
        VirtualClock clock = new VirtualClock(VirtualClock.Mode.STEPPED, () -> { });
        clock.newTimer(() -> { }).mod(clock.nowNs() + 5_000);
        clock.newTimer(() -> { }).mod(clock.nowNs() + 9_000);
        assertThat(clock.nanosToNextDeadline()).isEqualTo(5_000);
        assertThat(clock.nanosUntilNextDeadline()).isEqualTo(-1); // the loop must not wait for it
        clock.step(clock.nanosToNextDeadline(), () -> false);
        assertThat(clock.nanosToNextDeadline()).isEqualTo(4_000);
    }

    @Test
    void withoutATimerThereIsNoDeadline() {
        VirtualClock clock = new VirtualClock(VirtualClock.Mode.STEPPED, () -> { });
        assertThat(clock.nanosToNextDeadline()).isEqualTo(-1);
    }
}
