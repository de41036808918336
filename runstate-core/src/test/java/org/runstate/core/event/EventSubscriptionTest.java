package org.runstate.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.qapi.PowerdownEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.StopEvent;

/** The typed subscription: poll, timed poll, drain with a limit, close and overflow. */
class EventSubscriptionTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final EventBus bus = new EventBus(new RealtimeClock(() -> { }), () -> 1_700_000_000_000_000L);

    @Test
    void pollReturnsNullWhenEmptyAndEventsInEmissionOrder() {
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        assertThat(sub.poll()).isNull();
        bus.emit(StopEvent.INSTANCE);
        bus.emit(ResumeEvent.INSTANCE);
        assertThat(sub.poll().event()).isEqualTo(StopEvent.INSTANCE);
        assertThat(sub.poll().event()).isEqualTo(ResumeEvent.INSTANCE);
        assertThat(sub.poll()).isNull();
    }

    @Test
    void timedPollWakesWhenAnEventIsEmittedFromAnotherThread() throws Exception {
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        CompletableFuture<TimestampedEvent> got = CompletableFuture.supplyAsync(() -> pollQuietly(sub, LONG));
        await().until(() -> waiting(got));
        bus.emit(PowerdownEvent.INSTANCE);
        assertThat(got.get(10, TimeUnit.SECONDS).event()).isEqualTo(PowerdownEvent.INSTANCE);
    }

    @Test
    void timedPollReturnsNullWhenNothingComesInTime() throws Exception {
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        assertThat(sub.poll(Duration.ofMillis(20))).isNull();
        assertThat(sub.poll(Duration.ZERO)).isNull();
    }

    @Test
    void closeWakesAWaitingConsumerWithNull() throws Exception {
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        CompletableFuture<TimestampedEvent> got = CompletableFuture.supplyAsync(() -> pollQuietly(sub, LONG));
        await().until(() -> waiting(got));
        sub.close();
        assertThat(got.get(10, TimeUnit.SECONDS)).isNull();
        bus.emit(StopEvent.INSTANCE);
        assertThat(sub.poll()).as("nothing after close").isNull();
    }

    @Test
    void eventsQueuedBeforeCloseCanStillBeTaken() throws Exception {
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        bus.emit(StopEvent.INSTANCE);
        sub.close();
        assertThat(sub.poll(LONG).event()).isEqualTo(StopEvent.INSTANCE);
        assertThat(sub.poll(LONG)).isNull();
    }

    @Test
    void overflowCutsTheSubscriberOffKeepsTheHeadAndTellsTheCallback() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        EventSubscription sub = bus.subscribe(SubscriptionOptions.withCapacity(2).notifying(calls::incrementAndGet));
        bus.emit(StopEvent.INSTANCE);
        bus.emit(ResumeEvent.INSTANCE);
        bus.emit(PowerdownEvent.INSTANCE);
        bus.emit(PowerdownEvent.INSTANCE);
        assertThat(sub.isOverflowed()).isTrue();
        assertThat(sub.isClosed()).isTrue();
        assertThat(calls.get()).as("two deliveries and the overflow").isEqualTo(3);
        List<RunStateEvent> kept = new ArrayList<>();
        while (true) {
            TimestampedEvent e = sub.poll(LONG);
            if (e == null) {
                break;
            }
            kept.add(e.event());
        }
        assertThat(kept).containsExactly(StopEvent.INSTANCE, ResumeEvent.INSTANCE);
    }

    @Test
    void drainTakesAtMostTheLimitInOrder() {
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        bus.emit(StopEvent.INSTANCE);
        bus.emit(ResumeEvent.INSTANCE);
        bus.emit(PowerdownEvent.INSTANCE);
        List<RunStateEvent> taken = new ArrayList<>();
        assertThat(sub.drain(e -> taken.add(e.event()), 2)).isEqualTo(2);
        assertThat(taken).containsExactly(StopEvent.INSTANCE, ResumeEvent.INSTANCE);
        assertThat(sub.drain(e -> taken.add(e.event()), 2)).isEqualTo(1);
        assertThat(sub.drain(e -> taken.add(e.event()), 2)).isZero();
    }

    @Test
    void aSubscriberSeesOnlyWhatIsEmittedAfterItSubscribed() {
        bus.emit(StopEvent.INSTANCE);
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        bus.emit(ResumeEvent.INSTANCE);
        assertThat(sub.poll().event()).isEqualTo(ResumeEvent.INSTANCE);
        assertThat(sub.poll()).isNull();
    }

    @Test
    void misuseIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> SubscriptionOptions.withCapacity(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a subscription's capacity must be at least 2, not 1");
        EventSubscription sub = bus.subscribe(SubscriptionOptions.defaults());
        assertThatThrownBy(() -> sub.drain(e -> { }, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1, not 0");
    }

    private static TimestampedEvent pollQuietly(final EventSubscription sub, final Duration timeout) {
        try {
            return sub.poll(timeout);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the consumer behind {@code pending} is parked in poll(Duration). */
    private static boolean waiting(final CompletableFuture<?> pending) {
        return !pending.isDone() && Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(t -> t.getKey().getState() == Thread.State.TIMED_WAITING && List.of(t.getValue()).stream()
                        .anyMatch(f -> f.getClassName().equals(EventSubscription.class.getName())
                                && f.getMethodName().equals("poll")));
    }
}
