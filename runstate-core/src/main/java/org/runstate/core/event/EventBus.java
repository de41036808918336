package org.runstate.core.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.runstate.core.clock.Clock;
import org.runstate.core.qapi.RtcChangeEvent;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.WatchdogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers run-state events, timestamped when emitted, to every subscriber in one global order,
 * without ever blocking the emitter.
 *
 * <p>Emitters (vCPU threads, devices, the control thread) append to one lock-free MPSC queue, whose
 * order is the global order. Whoever appends then tries to become the single drainer (one CAS);
 * the drainer moves items into each subscriber's bounded inbox with non-blocking offers. A
 * subscriber whose inbox is full is cut off, so it can delay neither the machine nor the others.
 *
 * <p>Two kinds of subscriber: an {@link EventSubscription} ({@link #subscribe}) receives typed
 * events; an {@link OrderedChannel} ({@link #openChannel}) also receives messages its owner posts,
 * in the same order, which is how a QMP reply stays behind the events its command raised.
 *
 * <p>WATCHDOG and RTC_CHANGE go through QEMU's monitor rate limiter (one per second per event,
 * newest of a burst delivered late with its own timestamp) on the given clock.
 */
public final class EventBus {
    /** QEMU's rate-limit period for WATCHDOG, RTC_CHANGE (and the other throttled events): 1000 ms. */
    public static final long THROTTLE_PERIOD_NS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final VarHandle DRAINING;

    static {
        try {
            DRAINING = MethodHandles.lookup().findVarHandle(EventBus.class, "draining", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * An item in the global order: a broadcast event (target null) or a message for one channel,
     * which may first start event delivery to it (payload null: only that).
     */
    private record Envelope(OrderedChannel<?> target, Object payload, boolean startEvents) {
    }

    private final MpscUnboundedXaddArrayQueue<Envelope> queue = new MpscUnboundedXaddArrayQueue<>(256);
    private final List<BusSubscriber> subscriptions = new CopyOnWriteArrayList<>();
    private final LongSupplier wallClockMicros;
    private final EventThrottle watchdogThrottle;
    private final EventThrottle rtcChangeThrottle;
    @SuppressWarnings("unused") // accessed through DRAINING
    private volatile int draining;

    /**
     * Creates a bus.
     *
     * @param throttleClock the clock of the rate limiter: realtime normally, virtual under qtest
     * @param wallClockMicros the timestamp source, microseconds since the epoch
     */
    public EventBus(final Clock throttleClock, final LongSupplier wallClockMicros) {
        this.wallClockMicros = Objects.requireNonNull(wallClockMicros, "wallClockMicros");
        this.watchdogThrottle = new EventThrottle(throttleClock, THROTTLE_PERIOD_NS, this::enqueueEvent);
        this.rtcChangeThrottle = new EventThrottle(throttleClock, THROTTLE_PERIOD_NS, this::enqueueEvent);
    }

    /**
     * Microseconds since the epoch from the system clock, the default timestamp source.
     *
     * @return the wall-clock time in microseconds
     */
    public static long systemMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Emits an event ({@code qapi_event_send_*}): timestamps it now and queues it for every
     * subscriber with events enabled. Never blocks; any thread may call it.
     *
     * @param event the event
     */
    public void emit(final RunStateEvent event) {
        TimestampedEvent stamped = TimestampedEvent.at(wallClockMicros.getAsLong(), event);
        if (event instanceof WatchdogEvent) {
            watchdogThrottle.offer(stamped);
        } else if (event instanceof RtcChangeEvent) {
            rtcChangeThrottle.offer(stamped);
        } else {
            enqueueEvent(stamped);
        }
    }

    /**
     * Adds a subscriber of events; it sees only what is emitted after this call.
     *
     * @param options its capacity and callback, by name:
     *     {@code subscribe(SubscriptionOptions.withCapacity(1024))}
     * @return the subscription; close it to leave
     */
    public EventSubscription subscribe(final SubscriptionOptions options) {
        EventSubscription s = new EventSubscription(this, Objects.requireNonNull(options, "options"));
        subscriptions.add(s);
        return s;
    }

    /**
     * Opens a channel that interleaves its own posted messages with events in the global order
     * (for a protocol whose replies must follow the events their requests caused, as QMP's). Its
     * events start only with {@link OrderedChannel#startEvents()}.
     *
     * @param <M> the channel's item type
     * @param capacity the inbox bound, at least 2; more undelivered items cut the channel off
     * @param eventAdapter turns each event into an item, on the delivering thread
     * @param onDelivery called (on the delivering thread, so it must be quick) after each delivery
     *     or when the channel overflows
     * @return the channel; close it to leave
     */
    public <M> OrderedChannel<M> openChannel(final int capacity, final Function<? super TimestampedEvent, ? extends M> eventAdapter,
            final Runnable onDelivery) {
        OrderedChannel<M> c = new OrderedChannel<>(this, capacity, eventAdapter, onDelivery);
        subscriptions.add(c);
        return c;
    }

    /** A message for one channel (null: only starts its events), in the global order. */
    void post(final OrderedChannel<?> target, final Object message, final boolean startEvents) {
        queue.offer(new Envelope(target, message, startEvents));
        drain();
    }

    void unsubscribe(final BusSubscriber s) {
        subscriptions.remove(s);
    }

    private void enqueueEvent(final TimestampedEvent event) {
        queue.offer(new Envelope(null, event, false));
        drain();
    }

    /**
     * Serialises draining with one flag. After releasing it the queue is checked again: an item
     * offered by a thread whose CAS lost to ours is therefore never stranded.
     */
    private void drain() {
        do {
            if (!DRAINING.compareAndSet(this, 0, 1)) {
                return;
            }
            try {
                Envelope e;
                while ((e = queue.relaxedPoll()) != null) {
                    dispatch(e);
                }
            } finally {
                DRAINING.setVolatile(this, 0);
            }
        } while (!queue.isEmpty());
    }

    private void dispatch(final Envelope e) {
        try {
            if (e.target != null) {
                e.target.deliverPosted(e.payload, e.startEvents);
                return;
            }
            TimestampedEvent event = (TimestampedEvent) e.payload;
            for (BusSubscriber s : subscriptions) {
                if (s.wantsEvents()) {
                    s.deliverEvent(event);
                }
            }
        } catch (RuntimeException ex) {
            LOG.error("event subscriber failed; delivery goes on", ex);
        }
    }
}
