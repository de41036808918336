package org.runstate.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.PowerdownEvent;
import org.runstate.core.qapi.RtcChangeEvent;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogEvent;

/** QEMU's monitor rate limit for WATCHDOG and RTC_CHANGE, driven on a stepped virtual clock (as under qtest). */
class EventThrottleTest {
    private static final long MS = 1_000_000L;

    private final VirtualClock clock = new VirtualClock(VirtualClock.Mode.STEPPED, () -> { });
    private final AtomicLong wallMicros = new AtomicLong(1_700_000_000_000_000L);
    private final EventBus bus = new EventBus(clock, wallMicros::get);
    private final EventSubscription sub = bus.subscribe(SubscriptionOptions.withCapacity(64));

    private List<TimestampedEvent> received() {
        List<TimestampedEvent> out = new ArrayList<>();
        sub.drain(out::add, Integer.MAX_VALUE);
        return out;
    }

    private void emitWatchdog(final WatchdogAction action) {
        wallMicros.addAndGet(1000);
        bus.emit(new WatchdogEvent(action));
    }

    @Test
    void firstWatchdogGoesOutAtOnce() {
        emitWatchdog(WatchdogAction.RESET);
        assertThat(received()).extracting(TimestampedEvent::event).containsExactly(new WatchdogEvent(WatchdogAction.RESET));
    }

    @Test
    void burstInsideTheWindowDeliversOnlyTheNewestWhenTheWindowEndsWithItsOwnTimestamp() {
        emitWatchdog(WatchdogAction.RESET);
        received();
        emitWatchdog(WatchdogAction.PAUSE);
        emitWatchdog(WatchdogAction.NONE);
        long newestMicros = wallMicros.get();
        clock.step(999 * MS, () -> false);
        assertThat(received()).isEmpty();
        wallMicros.addAndGet(5_000_000);
        clock.step(1 * MS, () -> false);
        List<TimestampedEvent> late = received();
        assertThat(late).extracting(TimestampedEvent::event).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
        assertThat(late.get(0).seconds() * 1_000_000 + late.get(0).microseconds()).isEqualTo(newestMicros);
    }

    @Test
    void actionsShareOneThrottleBecauseItIsKeyedByEventName() {
        emitWatchdog(WatchdogAction.RESET);
        emitWatchdog(WatchdogAction.PAUSE);
        assertThat(received()).hasSize(1);
    }

    @Test
    void anEmptyWindowEndsTheThrottleSoTheNextEventIsImmediate() {
        emitWatchdog(WatchdogAction.RESET);
        clock.step(1000 * MS, () -> false);
        clock.step(1000 * MS, () -> false);
        received();
        emitWatchdog(WatchdogAction.RESET);
        assertThat(received()).hasSize(1);
    }

    @Test
    void aDeliveredPendingEventOpensANewWindow() {
        emitWatchdog(WatchdogAction.RESET);
        emitWatchdog(WatchdogAction.PAUSE);
        clock.step(1000 * MS, () -> false);
        received();
        emitWatchdog(WatchdogAction.NONE);
        assertThat(received()).isEmpty();
        clock.step(1000 * MS, () -> false);
        assertThat(received()).extracting(TimestampedEvent::event).containsExactly(new WatchdogEvent(WatchdogAction.NONE));
    }

    @Test
    void otherEventsAreNeverThrottled() {
        for (int i = 0; i < 5; i++) {
            bus.emit(PowerdownEvent.INSTANCE);
        }
        assertThat(received()).hasSize(5);
    }

    @Test
    void timestampsSplitIntoSecondsAndMicroseconds() {
        wallMicros.set(1_700_000_000_123_456L);
        bus.emit(PowerdownEvent.INSTANCE);
        TimestampedEvent e = received().get(0);
        assertThat(e.seconds()).isEqualTo(1_700_000_000L);
        assertThat(e.microseconds()).isEqualTo(123_456L);
    }

    @Test
    void rtcChangeHasItsOwnWindowNewestOffsetWins() {
        emitWatchdog(WatchdogAction.RESET);
        bus.emit(new RtcChangeEvent(1, "/machine/unattached/device[9]"));
        bus.emit(new RtcChangeEvent(2, "/machine/unattached/device[9]"));
        bus.emit(new RtcChangeEvent(3, "/machine/unattached/device[9]"));
        emitWatchdog(WatchdogAction.PAUSE);
        assertThat(received()).extracting(TimestampedEvent::event).containsExactly(
                new WatchdogEvent(WatchdogAction.RESET), new RtcChangeEvent(1, "/machine/unattached/device[9]"));
        clock.step(1000 * MS, () -> false);
        assertThat(received()).extracting(TimestampedEvent::event).containsExactlyInAnyOrder(
                new WatchdogEvent(WatchdogAction.PAUSE), new RtcChangeEvent(3, "/machine/unattached/device[9]"));
    }
}
