package org.runstate.machine.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.machine.RunstateVm;
import org.runstate.machine.StderrCapture;
import org.runstate.testkit.LineClient;

/**
 * Soak: 100 concurrent QMP clients on one machine, loopback (unix sockets) only, bounded in time.
 * 80 "stayers" negotiate, then issue random {@code stop}, {@code cont}, {@code query-status},
 * {@code system_reset} and {@code set-action} commands; 20 "churners" connect, send a few
 * commands, and disconnect abruptly (mid-request, with unread output), again and again; a device
 * (pvpanic, through qtest) raises GUEST_PANICKED and GUEST_CRASHLOADED events throughout.
 *
 * <p>Afterwards: every stayer received every event, all in the same order (their event streams
 * are identical, timestamps included); no command went unanswered or got a malformed answer; no
 * forbidden transition was attempted (runstate logs every rejected one, where QEMU would abort);
 * the machine still answers QMP and qtest; once the machine is closed, none of its threads is left
 * and the process has the file descriptors it had before.
 */
final class QmpSoakTest {
    private static final int STAYERS = 80;
    private static final int CHURNERS = 20;
    private static final int COMMANDS_PER_STAYER = 60;
    /** The chaos phase stops at this deadline even if the commands are not all done (slow CI). */
    private static final Duration CHAOS_BUDGET = Duration.ofSeconds(20);
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Threads the machine and its servers start; none may survive {@code close()}. */
    private static final List<String> SERVER_THREAD_PREFIXES = List.of("qmp-", "qtest-", "vcpu-", "runstate-main");

    @TempDir
    Path dir;

    private final AtomicLong commandsAnswered = new AtomicLong();
    private final AtomicLong churnCycles = new AtomicLong();
    private final AtomicLong deviceEvents = new AtomicLong();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Test
    void hundredClientsWithChurnAndDeviceEventsLeaveNoLeaksAndSeeOneEventOrder() throws Exception {
        // warm up once, so that classes, jars and the logger are loaded before the baseline; the
        // baseline is thread objects, not names: threads of an earlier test may still be ending
        Set<Thread> threadsBefore = serverThreads();
        runMachineBriefly(dir.resolve("warm"));
        await().atMost(IO_TIMEOUT).until(() -> newServerThreads(threadsBefore).isEmpty());
        long fdsBefore = openFds();

        StderrCapture log = StderrCapture.start();
        Map<Integer, List<String>> events = new ConcurrentHashMap<>();
        Client lingeringQmp = null;
        Client lingeringQtest = null;
        long start = System.nanoTime();
        try {
            Path run = Files.createDirectories(dir.resolve("soak"));
            Path qmpPath = run.resolve("qmp.sock");
            Path qtestPath = run.resolve("qtest.sock");
            RunstateVm vm = RunstateVm.launch("-M", "pc", "-accel", "qtest", "-device", "pvpanic",
                    "-no-shutdown", "-action", "panic=none", "--qmp-max-clients", "1024",
                    "-qmp", "unix:" + qmpPath + ",server=on,wait=off",
                    "-qtest", "unix:" + qtestPath + ",server=on,wait=off");
            vm.termination(); // as main does: the VM closes its QMP clients when the machine ends
            try (vm) {
                long deadline = System.nanoTime() + CHAOS_BUDGET.toNanos();
                CountDownLatch negotiated = new CountDownLatch(STAYERS);
                CountDownLatch chaosDone = new CountDownLatch(STAYERS + CHURNERS + 1);
                CountDownLatch quiet = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < STAYERS; i++) {
                    int id = i;
                    threads.add(start("soak-stayer-" + i, () -> stayer(id, qmpPath, deadline, negotiated, chaosDone,
                            quiet, events)));
                }
                assertThat(negotiated.await(IO_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("all stayers negotiated").isTrue();
                for (int i = 0; i < CHURNERS; i++) {
                    int id = i;
                    threads.add(start("soak-churner-" + i, () -> churner(id, qmpPath, deadline, chaosDone)));
                }
                threads.add(start("soak-device", () -> device(qtestPath, deadline, chaosDone)));
                assertThat(chaosDone.await(CHAOS_BUDGET.plus(IO_TIMEOUT).toSeconds(), TimeUnit.SECONDS))
                        .as("chaos phase over").isTrue();
                assertThat(failures).as("client failures").isEmpty();
                // A churner's unread stop or cont may still run after it hung up: wait until the
                // server has let go of every churner connection (one reader thread per client),
                // so no command can change the state while the stayers take their final replies.
                await().atMost(IO_TIMEOUT).until(() -> qmpReaderThreads(threadsBefore) == STAYERS);
                quiet.countDown();
                for (Thread t : threads) {
                    t.join(CHAOS_BUDGET.plus(IO_TIMEOUT).plus(IO_TIMEOUT).toMillis());
                    assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
                }
                assertThat(failures).as("client failures").isEmpty();

                // the machine still answers, on QMP and on qtest
                try (Client c = Client.connect(qmpPath)) {
                    c.negotiate();
                    assertThat(c.execute("{\"execute\": \"query-status\", \"id\": \"alive\"}", null)).contains("\"return\"");
                    assertThat(c.execute("{\"execute\": \"stop\", \"id\": \"alive-stop\"}", null)).contains("\"return\"");
                    assertThat(c.execute("{\"execute\": \"cont\", \"id\": \"alive-cont\"}", null)).contains("\"return\"");
                }
                try (Client qt = Client.connect(qtestPath)) {
                    qt.send("outb 0x505 2\n");
                    assertThat(qt.readLine()).isEqualTo("OK");
                }
                // a QMP and a qtest client still connected when the machine is closed: the server
                // side must let go of them (threads and descriptors) by itself
                lingeringQmp = Client.connect(qmpPath);
                lingeringQmp.negotiate();
                lingeringQtest = Client.connect(qtestPath);
                lingeringQtest.send("outb 0x505 2\n");
                assertThat(lingeringQtest.readLine()).isEqualTo("OK");
            }
            await().atMost(IO_TIMEOUT).untilAsserted(() -> assertThat(newServerThreads(threadsBefore))
                    .as("machine and server threads after close(), clients still connected").isEmpty());
        } finally {
            log.close();
            for (Client c : new Client[] {lingeringQmp, lingeringQtest}) {
                if (c != null) {
                    c.close();
                }
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // one event order for everyone who stayed
        assertThat(events).hasSize(STAYERS);
        List<String> reference = events.get(0);
        assertThat(reference).as("events seen by stayer 0").isNotEmpty();
        for (Map.Entry<Integer, List<String>> e : events.entrySet()) {
            assertThat(e.getValue()).as("events of stayer %d vs stayer 0", e.getKey()).isEqualTo(reference);
        }
        assertRunStopProtocol(reference);
        assertThat(log.text()).as("runstate's log")
                .doesNotContain("aborts here").doesNotContain("InvalidRunStateTransition")
                .doesNotContain("failed unexpectedly").doesNotContain("Exception");

        // no leaks: the descriptors are back once the test's own clients are closed too
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openFds()).isLessThanOrEqualTo(fdsBefore));

        System.out.printf("soak: %d stayers x %d commands (%d answered), %d churn cycles, %d device events,"
                + " %d events per stayer, %d ms; fds %d before, %d after; server threads left %s%n",
                STAYERS, COMMANDS_PER_STAYER, commandsAnswered.get(), churnCycles.get(), deviceEvents.get(),
                reference.size(), elapsedMs, fdsBefore, openFds(), newServerThreads(threadsBefore));
    }

    /**
     * What the events tell of the run state: the machine starts running; STOP is only ever sent
     * when leaving {@code running} and RESUME only when entering it, so they strictly alternate.
     */
    private static void assertRunStopProtocol(final List<String> events) throws IOException {
        boolean running = true;
        int i = 0;
        for (String line : events) {
            String name = JSON.readTree(line).get("event").asText();
            if (name.equals("STOP")) {
                assertThat(running).as("STOP while not running, event %d: %s", i, line).isTrue();
                running = false;
            } else if (name.equals("RESUME")) {
                assertThat(running).as("RESUME while running, event %d: %s", i, line).isFalse();
                running = true;
            }
            i++;
        }
    }

    /** Negotiates, waits for the others, runs random commands, then a final round trip. */
    private void stayer(final int id, final Path qmp, final long deadline, final CountDownLatch negotiated,
            final CountDownLatch chaosDone, final CountDownLatch quiet, final Map<Integer, List<String>> events) {
        List<String> seen = new ArrayList<>();
        try (Client c = Client.connect(qmp)) {
            c.negotiate();
            negotiated.countDown();
            negotiated.await();
            SplittableRandom rnd = new SplittableRandom(1000 + id);
            for (int i = 0; i < COMMANDS_PER_STAYER && System.nanoTime() < deadline; i++) {
                String reqId = "s" + id + "-" + i;
                String reply = c.execute(randomCommand(rnd, reqId), seen);
                JsonNode r = JSON.readTree(reply);
                if (!r.has("return") && !(r.has("error") && r.get("error").get("class").asText().equals("GenericError"))) {
                    throw new AssertionError("unexpected reply " + reply);
                }
                commandsAnswered.incrementAndGet();
            }
            chaosDone.countDown();
            quiet.await();
            // everything emitted so far is queued for this client ahead of this reply
            c.execute("{\"execute\": \"query-status\", \"id\": \"final-" + id + "\"}", seen);
            events.put(id, seen);
        } catch (Throwable t) {
            failures.add(new AssertionError("stayer " + id, t));
            chaosDone.countDown();
        }
    }

    /** Connects, maybe negotiates, sends a few commands, then disconnects abruptly; repeatedly. */
    private void churner(final int id, final Path qmp, final long deadline, final CountDownLatch chaosDone) {
        SplittableRandom rnd = new SplittableRandom(2000 + id);
        try {
            for (int cycle = 0; cycle < 30 && System.nanoTime() < deadline; cycle++) {
                try (Client c = Client.connect(qmp)) {
                    int style = rnd.nextInt(4);
                    if (style > 0) {
                        c.negotiate();
                        int n = rnd.nextInt(4);
                        for (int i = 0; i < n; i++) {
                            c.execute(randomCommand(rnd, "c" + id + "-" + cycle + "-" + i), null);
                        }
                    }
                    if (style == 2) {
                        // requests whose answers are never read
                        c.send("{\"execute\": \"query-status\"}\n{\"execute\": \"stop\"}\n{\"execute\": \"cont\"}\n");
                    }
                    // half a request, then gone
                    c.send("{\"execute\": \"query-sta");
                }
                churnCycles.incrementAndGet();
            }
        } catch (Throwable t) {
            failures.add(new AssertionError("churner " + id, t));
        } finally {
            chaosDone.countDown();
        }
    }

    /** pvpanic through qtest: "panicked" (GUEST_PANICKED, action none) and "crashloaded" events. */
    private void device(final Path qtest, final long deadline, final CountDownLatch chaosDone) {
        try (Client qt = Client.connect(qtest)) {
            for (int i = 0; i < 400 && System.nanoTime() < deadline; i++) {
                qt.send("outb 0x505 " + (i % 2 == 0 ? 1 : 2) + "\n");
                String reply = qt.readLine();
                if (!reply.equals("OK")) {
                    throw new AssertionError("qtest replied " + reply);
                }
                deviceEvents.incrementAndGet();
            }
        } catch (Throwable t) {
            failures.add(new AssertionError("device", t));
        } finally {
            chaosDone.countDown();
        }
    }

    /**
     * stop, cont, query-status, system_reset or set-action. set-action keeps actions that cannot
     * end the machine (-no-shutdown makes a shutdown pause; a panic never shuts down).
     */
    private static String randomCommand(final SplittableRandom rnd, final String id) {
        String idPart = ", \"id\": \"" + id + "\"}";
        return switch (rnd.nextInt(6)) {
            case 0 -> "{\"execute\": \"stop\"" + idPart;
            case 1, 2 -> "{\"execute\": \"cont\"" + idPart;
            case 3 -> "{\"execute\": \"query-status\"" + idPart;
            case 4 -> "{\"execute\": \"system_reset\"" + idPart;
            default -> {
                String[] args = {"{\"panic\": \"pause\"}", "{\"panic\": \"none\"}", "{\"reboot\": \"reset\"}",
                    "{\"shutdown\": \"pause\"}", "{\"watchdog\": \"pause\"}", "{\"watchdog\": \"none\", \"panic\": \"none\"}"};
                yield "{\"execute\": \"set-action\", \"arguments\": " + args[rnd.nextInt(args.length)] + idPart;
            }
        };
    }

    private static Thread start(final String name, final Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Launches and closes a small machine with both sockets and one client of each. */
    private static void runMachineBriefly(final Path where) throws Exception {
        Files.createDirectories(where);
        Path qmp = where.resolve("qmp.sock");
        Path qtest = where.resolve("qtest.sock");
        try (RunstateVm vm = RunstateVm.launch("-M", "pc", "-accel", "qtest", "-device", "pvpanic", "-no-shutdown",
                "-action", "panic=none", "-qmp", "unix:" + qmp + ",server=on,wait=off",
                "-qtest", "unix:" + qtest + ",server=on,wait=off")) {
            vm.termination();
            try (Client c = Client.connect(qmp); Client qt = Client.connect(qtest)) {
                c.negotiate();
                c.execute("{\"execute\": \"stop\", \"id\": 1}", null);
                qt.send("outb 0x505 1\n");
                qt.readLine();
                c.execute("{\"execute\": \"cont\", \"id\": 2}", null);
            }
        }
    }

    /** Open file descriptors of this process. */
    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Live threads that belong to a machine or its servers. */
    private static Set<Thread> serverThreads() {
        Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && SERVER_THREAD_PREFIXES.stream().anyMatch(p -> t.getName().startsWith(p))) {
                out.add(t);
            }
        }
        return out;
    }

    /** Names of the live server threads that are not in {@code baseline}. */
    private static Set<String> newServerThreads(final Set<Thread> baseline) {
        Set<String> out = new java.util.TreeSet<>();
        for (Thread t : serverThreads()) {
            if (!baseline.contains(t)) {
                out.add(t.getName());
            }
        }
        return out;
    }

    /** QMP connections this test's server still serves: each has one reader thread, {@code qmp-N-in}. */
    private static long qmpReaderThreads(final Set<Thread> baseline) {
        return newServerThreads(baseline).stream().filter(name -> name.matches("qmp-\\d+-in")).count();
    }

    /** A QMP/qtest client for the soak; a read hang shows as its thread outliving a bounded join. */
    private static final class Client implements AutoCloseable {
        private final LineClient line;

        private Client(final Path path) throws IOException {
            line = LineClient.connect(path);
        }

        public static Client connect(final Path path) throws IOException {
            return new Client(path);
        }

        void send(final String text) throws IOException {
            line.send(text);
        }

        @Override
        public void close() {
            line.close();
        }

        void negotiate() throws IOException {
            String greeting = readLine();
            if (!greeting.startsWith("{\"QMP\":")) {
                throw new AssertionError("greeting " + greeting);
            }
            send("{\"execute\": \"qmp_capabilities\"}\n");
            String reply = readLine();
            if (!reply.equals("{\"return\": {}}")) {
                throw new AssertionError("negotiation reply " + reply);
            }
        }

        /** Sends a request with an id and returns its reply; events on the way go to {@code events}. */
        String execute(final String request, final List<String> events) throws IOException {
            send(request + "\n");
            String id = JSON.readTree(request).get("id").toString();
            while (true) {
                String l = readLine();
                JsonNode n = JSON.readTree(l);
                if (n.has("event")) {
                    if (events != null) {
                        events.add(l);
                    }
                } else if (n.has("id") && n.get("id").toString().equals(id)) {
                    return l;
                } else {
                    throw new AssertionError("unexpected line " + l + " while waiting for " + id);
                }
            }
        }

        /** The next line; fails at EOF. */
        String readLine() throws IOException {
            String l = line.readLine();
            if (l == null) {
                throw new IOException("EOF");
            }
            return l;
        }
    }
}
