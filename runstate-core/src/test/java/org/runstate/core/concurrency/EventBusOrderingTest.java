package org.runstate.core.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.event.EventBus;
import org.runstate.core.event.OrderedChannel;
import org.runstate.core.event.TimestampedEvent;
import org.runstate.core.qapi.PowerdownEvent;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * {@link EventBus} under many concurrent emitters, on real threads: one global order seen by
 * every subscriber, each emitter's items in its program order, nothing lost while inboxes have
 * room, and a subscriber that never polls cut off without disturbing the others.
 *
 * <p>Each emitted event is a fresh object, so a delivered event is identified by reference (the
 * bus hands the same instance to every subscriber) and maps back to its (emitter, sequence) pair
 * without putting ids into the QAPI payload. Directed messages carry the pair themselves.
 */
class EventBusOrderingTest {
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);
    private static final long FIXED_MICROS = 1_700_000_000_000_000L;

    /** A directed message: emitter {@code emitter} posted it right after its event {@code seq}. */
    private record Msg(int emitter, int seq) {
    }

    /** Emitter {@code t}'s events, by sequence number. */
    private RunStateEvent[][] sent;
    /** Maps a delivered event back to {@code emitter * perEmitter + seq}. */
    private final Map<RunStateEvent, Integer> ids = new IdentityHashMap<>();

    private static EventBus newBus() {
        return new EventBus(new VirtualClock(VirtualClock.Mode.STEPPED, () -> { }), () -> FIXED_MICROS);
    }

    /** Real, unthrottled events of several types; which one does not matter, identity does. */
    private static RunStateEvent eventFor(final int emitter, final int seq) {
        switch ((emitter + seq) % 5) {
            case 0:
                return new ResetEvent(seq % 2 == 0, ShutdownCause.GUEST_RESET);
            case 1:
                return new ShutdownEvent(false, ShutdownCause.HOST_QMP_QUIT);
            case 2:
                return new StopEvent();
            case 3:
                return new ResumeEvent();
            default:
                return new PowerdownEvent();
        }
    }

    private void prepareEvents(final int emitters, final int perEmitter) {
        sent = new RunStateEvent[emitters][perEmitter];
        for (int t = 0; t < emitters; t++) {
            for (int s = 0; s < perEmitter; s++) {
                sent[t][s] = eventFor(t, s);
                ids.put(sent[t][s], t * perEmitter + s);
            }
        }
    }

    /** Whether emitter {@code t} posts a message to subscriber {@code k} after its event {@code s}. */
    private static boolean postsTo(final int s, final int k, final int subscribers) {
        return s % 4 == 0 && s / 4 % subscribers == k;
    }

    /** A channel receiving events from now on, with the messages posted to it in between. */
    private static OrderedChannel<Object> open(final EventBus bus, final int capacity, final Runnable onReady) {
        OrderedChannel<Object> c = bus.openChannel(capacity, event -> event, onReady);
        c.startEvents();
        return c;
    }

    /** Moves what the channel holds now into {@code into}; false if it held nothing. */
    private static boolean drainInto(final OrderedChannel<Object> channel, final List<Object> into) {
        boolean any = false;
        for (Object o = channel.poll(); o != null; o = channel.poll()) {
            into.add(o);
            any = true;
        }
        return any;
    }

    /**
     * Runs {@code emitters} threads, started together by a barrier, each emitting its events in
     * order and, when {@code withPosts}, posting a message after every fourth one.
     */
    private void runEmitters(final EventBus bus, final List<OrderedChannel<Object>> targets, final boolean withPosts) throws Exception {
        int emitters = sent.length;
        CyclicBarrier go = new CyclicBarrier(emitters);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < emitters; t++) {
            final int emitter = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    RunStateEvent[] mine = sent[emitter];
                    for (int s = 0; s < mine.length; s++) {
                        bus.emit(mine[s]);
                        if (withPosts) {
                            for (int k = 0; k < targets.size(); k++) {
                                if (postsTo(s, k, targets.size())) {
                                    targets.get(k).post(new Msg(emitter, s));
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "emitter-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NS));
            assertThat(th.isAlive()).as("%s finished", th.getName()).isFalse();
        }
        assertThat(failure.get()).isNull();
    }

    /**
     * A subscriber that drains its inbox on its own thread while the emitters run, parking between
     * drains; the bus's ready callback unparks it.
     */
    private static final class Consumer {
        final List<Object> received = new ArrayList<>();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicInteger readyCalls = new AtomicInteger();
        OrderedChannel<Object> sub;

        void onReady() {
            readyCalls.incrementAndGet();
            Thread t = thread.get();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        Thread start(final int expected) {
            Thread t = new Thread(() -> {
                long deadline = System.nanoTime() + DEADLINE_NS;
                while (received.size() < expected && System.nanoTime() < deadline) {
                    if (!drainInto(sub, received)) {
                        // the permit from onReady() makes a delivery between drain and park safe
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                    }
                }
            }, "consumer");
            thread.set(t);
            t.start();
            return t;
        }
    }

    /**
     * Checks one subscriber's stream: returns the ids of its events in arrival order, after
     * asserting every emitter's items (events and messages) arrived in program order.
     */
    private List<Integer> eventOrderOf(final List<Object> items, final int perEmitter) {
        List<Integer> order = new ArrayList<>();
        // key 2*seq for an event, 2*seq+1 for the message posted right after it
        long[] lastKey = new long[sent.length];
        Arrays.fill(lastKey, -1);
        for (Object o : items) {
            int emitter;
            long key;
            if (o instanceof TimestampedEvent) {
                TimestampedEvent te = (TimestampedEvent) o;
                Integer id = ids.get(te.event());
                assertThat(id).as("delivered event was emitted: %s", te).isNotNull();
                assertThat(te.seconds() * 1_000_000L + te.microseconds()).isEqualTo(FIXED_MICROS);
                order.add(id);
                emitter = id / perEmitter;
                key = 2L * (id % perEmitter);
            } else {
                assertThat(o).isInstanceOf(Msg.class);
                Msg m = (Msg) o;
                emitter = m.emitter();
                key = 2L * m.seq() + 1;
            }
            assertThat(key).as("emitter %d's items in program order", emitter).isGreaterThan(lastKey[emitter]);
            lastKey[emitter] = key;
        }
        return order;
    }

    /**
     * Four emitters, 10k events each plus directed messages, three subscribers draining
     * concurrently: all see the same 40k events in the same order, every emitter's events and
     * messages in program order, and exactly their own messages.
     */
    @Test
    void everySubscriberSeesTheSameTotalOrderAndEachEmittersProgramOrder() throws Exception {
        int emitters = 4;
        int perEmitter = 10_000;
        int subscribers = 3;
        prepareEvents(emitters, perEmitter);
        EventBus bus = newBus();
        List<Consumer> consumers = new ArrayList<>();
        List<OrderedChannel<Object>> subs = new ArrayList<>();
        for (int k = 0; k < subscribers; k++) {
            Consumer c = new Consumer();
            // room for everything even if the consumer thread never got to run
            c.sub = open(bus, 1 << 16, c::onReady);
            consumers.add(c);
            subs.add(c.sub);
        }
        List<Thread> consumerThreads = new ArrayList<>();
        for (int k = 0; k < subscribers; k++) {
            int posts = 0;
            for (int s = 0; s < perEmitter; s++) {
                posts += postsTo(s, k, subscribers) ? emitters : 0;
            }
            consumerThreads.add(consumers.get(k).start(emitters * perEmitter + posts));
        }

        runEmitters(bus, subs, true);
        for (Thread t : consumerThreads) {
            t.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NS));
            assertThat(t.isAlive()).isFalse();
        }

        List<Integer> reference = null;
        for (int k = 0; k < subscribers; k++) {
            Consumer c = consumers.get(k);
            assertThat(c.sub.isOverflowed()).isFalse();
            assertThat(c.sub.poll()).as("nothing beyond the expected items").isNull();
            List<Integer> order = eventOrderOf(c.received, perEmitter);
            assertThat(order).as("every event exactly once").hasSize(emitters * perEmitter).doesNotHaveDuplicates();
            for (Object o : c.received) {
                if (o instanceof Msg) {
                    Msg m = (Msg) o;
                    assertThat(postsTo(m.seq(), k, subscribers)).as("message %s went to subscriber %d", m, k).isTrue();
                }
            }
            if (reference == null) {
                reference = order;
            } else {
                assertThat(order).as("subscriber %d's event order", k).isEqualTo(reference);
            }
        }
    }

    /**
     * A subscriber with a four-item inbox that never polls is cut off at the fifth item (told once
     * more through its callback, then never again) and keeps exactly the first four items of the
     * global order; the other subscribers still receive everything, in that same order.
     */
    @Test
    void aSubscriberThatNeverPollsIsCutOffWhileTheOthersReceiveEverything() throws Exception {
        int emitters = 4;
        int perEmitter = 5_000;
        prepareEvents(emitters, perEmitter);
        EventBus bus = newBus();
        Consumer fast1 = new Consumer();
        fast1.sub = open(bus, 1 << 15, fast1::onReady);
        int slowCapacity = 4;
        AtomicInteger slowReady = new AtomicInteger();
        OrderedChannel<Object> slow = open(bus, slowCapacity, slowReady::incrementAndGet);
        Consumer fast2 = new Consumer();
        fast2.sub = open(bus, 1 << 15, fast2::onReady);
        Thread c1 = fast1.start(emitters * perEmitter);
        Thread c2 = fast2.start(emitters * perEmitter);

        runEmitters(bus, List.of(), false);
        c1.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NS));
        c2.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NS));

        assertThat(slow.isOverflowed()).isTrue();
        assertThat(slow.isClosed()).isTrue();
        assertThat(slowReady.get()).as("one callback per accepted item, one for the overflow").isEqualTo(slowCapacity + 1);

        List<Integer> order1 = eventOrderOf(fast1.received, perEmitter);
        List<Integer> order2 = eventOrderOf(fast2.received, perEmitter);
        assertThat(fast1.sub.isOverflowed()).isFalse();
        assertThat(fast2.sub.isOverflowed()).isFalse();
        assertThat(order1).hasSize(emitters * perEmitter).doesNotHaveDuplicates();
        assertThat(order2).isEqualTo(order1);

        List<Object> kept = new ArrayList<>();
        drainInto(slow, kept);
        assertThat(eventOrderOf(kept, perEmitter)).as("the cut-off inbox holds the head of the global order")
                .isEqualTo(order1.subList(0, slowCapacity));
    }
}
