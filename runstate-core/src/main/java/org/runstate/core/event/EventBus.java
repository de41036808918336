package org.runstate.core.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * {@link #post} puts a message for one subscriber into the same order, which is how a QMP reply
 * stays behind the events its command raised.
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
     * An item in the global order: a broadcast event (target null) or a directed message, which
     * may first turn on event delivery to its target.
     */
    private record Envelope(EventSubscription target, Object payload, boolean enableEvents) {
    }

    private final MpscUnboundedXaddArrayQueue<Envelope> queue = new MpscUnboundedXaddArrayQueue<>(256);
    private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
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
     * Queues a message for one subscriber, ordered after everything emitted or posted before.
     *
     * @param target the recipient
     * @param message any object; the subscriber polls it as is
     */
    public void post(final EventSubscription target, final Object message) {
        queue.offer(new Envelope(Objects.requireNonNull(target, "target"), Objects.requireNonNull(message, "message"),
                false));
        drain();
    }

    /**
     * Queues a message for one subscriber and turns event delivery on for it at that point of the
     * global order: events queued before are not delivered to it, events queued after come after
     * the message. This is how a QMP client gets its {@code qmp_capabilities} reply before any event,
     * as from QEMU, where both happen under the BQL.
     *
     * @param target the recipient
     * @param message delivered first
     */
    public void postAndEnableEvents(final EventSubscription target, final Object message) {
        queue.offer(new Envelope(Objects.requireNonNull(target, "target"), Objects.requireNonNull(message, "message"),
                true));
        drain();
    }

    /**
     * Adds a subscriber; it sees only what is queued after this call.
     *
     * @param capacity the inbox bound; more undelivered items than this cut the subscriber off
     * @param eventsEnabled whether broadcast events are delivered from the start
     * @param onReady called (on the draining thread, so it must be quick) after each delivery or
     *     when the subscription overflows
     * @return the subscription
     */
    public EventSubscription subscribe(final int capacity, final boolean eventsEnabled, final Runnable onReady) {
        EventSubscription s = new EventSubscription(this, capacity, eventsEnabled, Objects.requireNonNull(onReady, "onReady"));
        subscriptions.add(s);
        return s;
    }

    void unsubscribe(final EventSubscription s) {
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
                if (e.enableEvents) {
                    e.target.setEventsEnabled(true);
                }
                e.target.deliver(e.payload);
                return;
            }
            for (EventSubscription s : subscriptions) {
                if (s.eventsEnabled()) {
                    s.deliver(e.payload);
                }
            }
        } catch (RuntimeException ex) {
            LOG.error("event subscriber failed; delivery goes on", ex);
        }
    }
}
