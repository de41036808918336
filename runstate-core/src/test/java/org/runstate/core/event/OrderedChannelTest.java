package org.runstate.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.qapi.PowerdownEvent;
import org.runstate.core.qapi.StopEvent;

/** The ordered channel: the owner's messages interleaved with events in the bus's global order. */
class OrderedChannelTest {
    private final EventBus bus = new EventBus(new RealtimeClock(() -> { }), () -> 1_700_000_000_000_000L);

    @Test
    void noEventsReachTheChannelBeforeTheyAreStarted() {
        OrderedChannel<Object> channel = bus.openChannel(16, event -> event, () -> { });
        bus.emit(StopEvent.INSTANCE);
        channel.post("greeting");
        assertThat(channel.poll()).isEqualTo("greeting");
        assertThat(channel.poll()).isNull();
    }

    @Test
    void startingEventsTogetherWithAMessageLetsNoEarlierEventThroughAndNoLaterEventAhead() {
        OrderedChannel<Object> channel = bus.openChannel(16, event -> event, () -> { });
        bus.emit(PowerdownEvent.INSTANCE);
        channel.postAndStartEvents("negotiated");
        bus.emit(StopEvent.INSTANCE);
        assertThat(channel.poll()).isEqualTo("negotiated");
        assertThat(channel.poll()).isInstanceOfSatisfying(TimestampedEvent.class,
                e -> assertThat(e.event()).isEqualTo(StopEvent.INSTANCE));
        assertThat(channel.poll()).isNull();
    }

    @Test
    void aMessagePostedAfterAnEventIsTakenAfterIt() {
        OrderedChannel<String> channel = bus.openChannel(16, event -> event.event().eventName(), () -> { });
        channel.startEvents();
        channel.post("before");
        bus.emit(StopEvent.INSTANCE);
        channel.post("reply");
        assertThat(channel.poll()).isEqualTo("before");
        assertThat(channel.poll()).as("the adapter turned the event into an item").isEqualTo("STOP");
        assertThat(channel.poll()).isEqualTo("reply");
    }

    @Test
    void aFullChannelIsCutOffAndKeepsWhatItHeld() {
        OrderedChannel<String> channel = bus.openChannel(2, event -> "event", () -> { });
        channel.post("a");
        channel.post("b");
        channel.post("c");
        assertThat(channel.isOverflowed()).isTrue();
        assertThat(channel.isClosed()).isTrue();
        channel.post("d");
        assertThat(channel.poll()).isEqualTo("a");
        assertThat(channel.poll()).isEqualTo("b");
        assertThat(channel.poll()).isNull();
    }
}
