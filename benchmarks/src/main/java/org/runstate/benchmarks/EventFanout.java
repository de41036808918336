package org.runstate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntFunction;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.event.EventSubscription;
import org.runstate.core.event.SubscriptionOptions;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * One event source fanned out to N subscriber inboxes, behind one interface so that the
 * {@link EventBus} and the {@code java.util.concurrent} queue baselines run the same benchmark
 * code. Every variant timestamps the event with the same clock and bounds each inbox at
 * {@value #CAPACITY} items, as a QMP client's outbound queue is.
 */
public abstract class EventFanout {
    static final int CAPACITY = 4096;

    /** Emits one event to every subscriber. */
    abstract void emit();

    /**
     * Takes the next item of subscriber {@code i}.
     *
     * @param i the subscriber
     * @return the item, or {@code null} when none is waiting
     */
    abstract Object poll(int i);

    /** Which implementation: the bus, or a plain queue per subscriber. */
    public enum Kind {
        EVENT_BUS, ARRAY_BLOCKING_QUEUE, LINKED_BLOCKING_QUEUE
    }

    static EventFanout create(final Kind kind, final int subscribers) {
        return switch (kind) {
            case EVENT_BUS -> new Bus(subscribers);
            case ARRAY_BLOCKING_QUEUE -> new Queues(subscribers, n -> new ArrayBlockingQueue<>(CAPACITY));
            case LINKED_BLOCKING_QUEUE -> new Queues(subscribers, n -> new LinkedBlockingQueue<>(CAPACITY));
        };
    }

    /** The project's bus: MPSC global order, single drainer, JCTools inbox per subscriber. */
    static final class Bus extends EventFanout {
        private final EventBus bus = new EventBus(new RealtimeClock(() -> { }), EventBus::systemMicros);
        private final EventSubscription[] subs;

        Bus(final int n) {
            subs = new EventSubscription[n];
            for (int i = 0; i < n; i++) {
                subs[i] = bus.subscribe(SubscriptionOptions.withCapacity(CAPACITY));
            }
        }

        @Override
        void emit() {
            bus.emit(StopEvent.INSTANCE);
        }

        @Override
        Object poll(final int i) {
            return subs[i].poll();
        }
    }

    /** The baseline: the emitter offers the timestamped event to each subscriber's queue itself. */
    static final class Queues extends EventFanout {
        private final List<BlockingQueue<Object>> queues = new ArrayList<>();

        Queues(final int n, final IntFunction<BlockingQueue<Object>> factory) {
            for (int i = 0; i < n; i++) {
                queues.add(factory.apply(i));
            }
        }

        @Override
        void emit() {
            TimestampedEvent e = TimestampedEvent.at(EventBus.systemMicros(), StopEvent.INSTANCE);
            for (int i = 0; i < queues.size(); i++) {
                if (!queues.get(i).offer(e)) {
                    throw new IllegalStateException("subscriber " + i + " overflowed");
                }
            }
        }

        @Override
        Object poll(final int i) {
            return queues.get(i).poll();
        }
    }
}
