package org.runstate.stress.event;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.event.EventSubscription;
import org.runstate.core.event.SubscriptionOptions;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * jcstress proofs of {@link EventSubscription#poll(Duration)}'s wake-ups: a consumer about to park
 * races a delivery, a close or an overflow, and must never sleep through it. A lost wake-up shows
 * as a poll that ran into its timeout ({@value #TIMEOUT_S} s) instead of returning at once; "slow"
 * is a poll that took more than {@value #SLOW_MS} ms, far beyond any scheduling delay.
 */
public final class EventSubscriptionPollStress {
    static final int TIMEOUT_S = 5;
    static final int SLOW_MS = 1_000;

    private EventSubscriptionPollStress() {
    }

    /** Polls with the long timeout; records the event (or null) and whether it was slow. */
    static TimestampedEvent timedPoll(final EventSubscription sub, final int[] slow) {
        long start = System.nanoTime();
        try {
            return sub.poll(Duration.ofSeconds(TIMEOUT_S));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            if (System.nanoTime() - start > SLOW_MS * 1_000_000L) {
                slow[0]++;
            }
        }
    }

    static EventBus newBus() {
        return new EventBus(new RealtimeClock(() -> { }), () -> 0L);
    }

    /** r1 = 1 if the consumer got the event, r2 = 1 if its poll was slow. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the event arrived before the look or woke the consumer")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "lost wake-up: the consumer slept through the delivery")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "the event was lost")
    @State
    public static class Delivery {
        private final EventBus bus = newBus();
        private final EventSubscription sub = bus.subscribe(SubscriptionOptions.withCapacity(4));

        @Actor
        public void emitter() {
            bus.emit(StopEvent.INSTANCE);
        }

        @Actor
        public void consumer(final II_Result r) {
            int[] slow = new int[1];
            r.r1 = timedPoll(sub, slow) != null ? 1 : 0;
            r.r2 = slow[0];
        }
    }

    /** r1 = 1 if the poll returned null, r2 = 1 if it was slow. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "closed before the look or the close woke the consumer")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "lost wake-up: the consumer slept through the close")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "an event out of nowhere")
    @State
    public static class Close {
        private final EventSubscription sub = newBus().subscribe(SubscriptionOptions.withCapacity(4));

        @Actor
        public void closer() {
            sub.close();
        }

        @Actor
        public void consumer(final II_Result r) {
            int[] slow = new int[1];
            r.r1 = timedPoll(sub, slow) == null ? 1 : 0;
            r.r2 = slow[0];
        }
    }

    /**
     * A full two-event inbox; the emitter sends a third event while the consumer takes three times:
     * either the third overflows the inbox (the consumer gets the two held events, then null at once,
     * since the overflow closed the subscription) or the consumer made room first and gets all three.
     * r1 = events taken, r2 = slow polls, r3 = 1 if the subscription overflowed.
     */
    @JCStressTest
    @Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "overflowed: the two held events, then null at once")
    @Outcome(id = "3, 0, 0", expect = ACCEPTABLE, desc = "room was made first: all three, none slow")
    @Outcome(id = "2, [1-9], 1", expect = FORBIDDEN, desc = "the consumer waited out its timeout on a closed subscription")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "an event lost or an overflow with room left")
    @State
    public static class Overflow {
        private final EventBus bus = newBus();
        private final EventSubscription sub = bus.subscribe(SubscriptionOptions.withCapacity(2));

        public Overflow() {
            bus.emit(StopEvent.INSTANCE);
            bus.emit(StopEvent.INSTANCE);
        }

        @Actor
        public void emitter() {
            bus.emit(StopEvent.INSTANCE);
        }

        @Actor
        public void consumer(final III_Result r) {
            int[] slow = new int[1];
            int taken = 0;
            for (int i = 0; i < 3; i++) {
                if (timedPoll(sub, slow) != null) {
                    taken++;
                }
            }
            r.r1 = taken;
            r.r2 = slow[0];
            r.r3 = sub.isOverflowed() ? 1 : 0;
        }
    }
}
