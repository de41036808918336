package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.runstate.core.Termination;
import org.runstate.machine.RunstateVm;

/**
 * Replays a scenario against the in-process launcher exactly as {@code run.py check --target cmd}
 * replays it against a launcher process, and returns the transcript records
 * ({@code {"step": "greeting", ...}}, then one per step, then {@code anomalies} if any) in the
 * runner's own shape, so they compare 1:1 with a {@code NAME.golden.jsonl}.
 *
 * <p>The protocol, as in {@code run.py}:
 * <ul>
 *   <li>launch with the scenario's args + {@code -accel qtest -qmp unix:QMP,server=on,wait=off
 *       -qtest unix:QT,server=on,wait=off}; connect qtest, then QMP; read the greeting;</li>
 *   <li>{@code qmp}: {@code json.dumps(step) + "\n"}; {@code qmp_raw}/{@code qmp_hex}: verbatim,
 *       a list as separate writes 50 ms apart (that spacing is part of the scenario: it makes the
 *       server see split input);</li>
 *   <li>{@code io}: each line to qtest; {@code IRQ} lines skipped; replies recorded if the op
 *       reads or the reply is not a bare {@code OK}. {@code wait_ms N}: {@code clock_step N*10⁶};</li>
 *   <li>after every synced step: quiet time ({@code settle}, default 50 ms as {@code run.py}'s
 *       {@code --cmd-settle-ms}), then {@code query-status} with id {@code __oracle-sync-N}; all
 *       messages up to its reply are the step's, the reply (success or pre-negotiation error) is
 *       dropped, as are stale sync replies. {@code nosync} steps collect nothing; but after a
 *       {@code nosync} {@code qmp} step the replay waits (bounded) until a reply has come and keeps
 *       what came for the next synced step. Here virtual time moves only by {@code clock_step} on
 *       the other socket, so a command still unread when the next {@code wait_ms} steps the clock
 *       would act late; on QEMU real time passes meanwhile. ({@code run.py}'s cmd target has this
 *       race: under heavy load it can fail {@code wdt-rate-limit}.)</li>
 *   <li>{@code expect_exit}: drain QMP until EOF, then wait for termination and record its
 *       status; steps after an EOF are recorded as skipped.</li>
 * </ul>
 * Every wait is bounded (greeting, each sync, each qtest reply, exit) and readiness is waited for
 * in a selector, never by sleeping.
 */
final class ScenarioReplayer {
    /** Prefix of the runner's own sync ids. */
    static final String SYNC_PREFIX = "__oracle-sync-";

    private static final Set<String> IO_READ_OPS = Set.of("inb", "inw", "inl", "readb", "readw", "readl",
            "readq", "rdmsr", "s390_sclp", "s390_irq");
    private static final Set<String> IO_WRITE_OPS = Set.of("outb", "outw", "outl", "writeb", "writew",
            "writel", "writeq", "wrmsr", "s390_psw", "s390_start", "s390_diag308");

    /**
     * Timing knobs; {@link #RUN_PY} are {@code run.py}'s defaults for {@code --target cmd}.
     *
     * @param settle quiet time after each synced step before the sync query ({@code --cmd-settle-ms})
     * @param rawChunkGap spacing between the writes of a {@code qmp_raw} list
     * @param greetingTimeout how long to wait for the greeting
     * @param syncTimeout how long to wait for a sync reply or a qtest reply ({@code --sync-timeout})
     * @param exitTimeout how long to wait for EOF and for termination ({@code --exit-timeout})
     */
    record Options(Duration settle, Duration rawChunkGap, Duration greetingTimeout, Duration syncTimeout,
            Duration exitTimeout) {
        /** {@code run.py}'s defaults. */
        static final Options RUN_PY = new Options(Duration.ofMillis(50), Duration.ofMillis(50),
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(10));

        /**
         * The same with another settle time.
         *
         * @param d the settle time
         * @return the options
         */
        Options withSettle(final Duration d) {
            return new Options(d, rawChunkGap, greetingTimeout, syncTimeout, exitTimeout);
        }
    }

    /** The scenario cannot be run (setup problem or a broken protocol step), as run.py's ScenarioError. */
    static final class ScenarioException extends Exception {
        private static final long serialVersionUID = 1L;

        ScenarioException(final String message) {
            super(message);
        }

        ScenarioException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    /** The launcher refused the command line (QEMU's start-up error), e.g. an unknown device. */
    static final class LaunchRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        LaunchRefusedException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private final Options options;

    /**
     * A replayer.
     *
     * @param options timing
     */
    ScenarioReplayer(final Options options) {
        this.options = options;
    }

    /**
     * The command line {@code run.py} gives the launcher.
     *
     * @param sc the scenario
     * @param qmp the QMP socket path
     * @param qtest the qtest socket path
     * @return the arguments
     */
    static List<String> commandLine(final Scenario sc, final Path qmp, final Path qtest) {
        List<String> argv = new ArrayList<>(sc.args());
        argv.addAll(List.of("-accel", "qtest",
                "-qmp", "unix:" + qmp + ",server=on,wait=off",
                "-qtest", "unix:" + qtest + ",server=on,wait=off"));
        return argv;
    }

    /**
     * Launches, replays and ends the VM.
     *
     * @param sc the scenario
     * @param dir a fresh directory for the sockets (short path: unix socket paths are limited)
     * @return the transcript records
     * @throws LaunchRefusedException if the launcher rejects the command line
     * @throws ScenarioException if the scenario cannot be run (no greeting, broken qtest, ...)
     * @throws IOException on a socket failure
     * @throws InterruptedException if interrupted
     */
    List<ObjectNode> replay(final Scenario sc, final Path dir)
            throws LaunchRefusedException, ScenarioException, IOException, InterruptedException {
        Path qmpPath = dir.resolve("qmp.sock");
        Path qtPath = dir.resolve("qtest.sock");
        RunstateVm vm;
        try {
            vm = RunstateVm.launch(commandLine(sc, qmpPath, qtPath).toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            throw new LaunchRefusedException(e.getMessage(), e);
        }
        // As RunstateVm.main does: asking for termination() is what makes the VM close its QMP
        // connections when the machine ends, which the scenarios observe as EOF.
        CompletableFuture<Termination> termination = vm.termination();
        try (vm; LineChannel qtest = LineChannel.connect(qtPath); LineChannel qmp = LineChannel.connect(qmpPath)) {
            return new Run(sc, termination, qmp, qtest).steps();
        }
    }

    /** One replay's state. */
    private final class Run {
        private final Scenario sc;
        private final CompletableFuture<Termination> termination;
        private final LineChannel qmp;
        private final LineChannel qtest;
        private final QmpNormalizer norm = new QmpNormalizer();
        /** Messages read while waiting for a nosync command's reply; the next collection's first. */
        private final List<String> early = new ArrayList<>();
        private int syncN;

        Run(final Scenario sc, final CompletableFuture<Termination> termination, final LineChannel qmp,
                final LineChannel qtest) {
            this.sc = sc;
            this.termination = termination;
            this.qmp = qmp;
            this.qtest = qtest;
        }

        List<ObjectNode> steps() throws ScenarioException, IOException, InterruptedException {
            List<ObjectNode> records = new ArrayList<>();
            byte[] greeting = qmp.readLine(deadline(options.greetingTimeout()));
            if (greeting == null) {
                throw new ScenarioException("no QMP greeting within " + options.greetingTimeout().toMillis() + " ms");
            }
            ObjectNode g = PyJson.object();
            g.put("step", "greeting");
            g.putArray("recv").add(norm.message(greeting, true));
            records.add(g);
            boolean eof = false;
            for (int i = 0; i < sc.steps().size(); i++) {
                ObjectNode st = sc.steps().get(i);
                ObjectNode rec = PyJson.object();
                rec.put("step", i);
                rec.set("send", st);
                boolean sync = !st.path("nosync").asBoolean(false);
                if (st.has("expect_exit")) {
                    List<String> msgs = new ArrayList<>();
                    boolean eof2 = eof || drainUntilEof(msgs);
                    recv(rec, msgs);
                    Integer code = exitStatus();
                    if (code != null) {
                        rec.put("exit", code);
                    } else {
                        rec.put("exit", "<still running>");
                    }
                    if (eof2 && !eof) {
                        rec.put("eof", true);
                    }
                    eof = eof || eof2;
                    records.add(rec);
                    continue;
                }
                if (eof) {
                    rec.putArray("recv");
                    rec.put("skipped", "QMP connection already closed");
                    records.add(rec);
                    continue;
                }
                send(st);
                if (!sync && st.has("qmp")) {
                    awaitAReply();
                }
                if (st.has("io")) {
                    ArrayNode io = rec.putArray("io");
                    io(Scenario.ioLines(st)).forEach(io::add);
                } else if (st.has("wait_ms")) {
                    waitMs(st.get("wait_ms").asLong());
                }
                if (!sync) {
                    // whatever arrives belongs to the next synced step
                    rec.putArray("recv");
                    records.add(rec);
                    continue;
                }
                List<String> msgs = new ArrayList<>();
                eof = collect(msgs);
                recv(rec, msgs);
                if (eof) {
                    rec.put("eof", true);
                }
                records.add(rec);
            }
            if (!norm.anomalies().isEmpty()) {
                ObjectNode a = PyJson.object();
                a.put("step", "anomalies");
                ArrayNode arr = a.putArray("recv");
                norm.anomalies().forEach(arr::add);
                records.add(a);
            }
            return records;
        }

        private void send(final JsonNode st) throws IOException, InterruptedException {
            long dl = deadline(options.syncTimeout());
            if (st.has("qmp")) {
                qmp.send((PyJson.dumps(st.get("qmp")) + "\n").getBytes(StandardCharsets.UTF_8), dl);
            } else if (st.has("qmp_raw") || st.has("qmp_hex")) {
                boolean raw = st.has("qmp_raw");
                JsonNode v = raw ? st.get("qmp_raw") : st.get("qmp_hex");
                List<String> chunks = new ArrayList<>();
                if (v.isTextual()) {
                    chunks.add(v.textValue());
                } else {
                    v.forEach(c -> chunks.add(c.asText()));
                }
                for (int j = 0; j < chunks.size(); j++) {
                    if (j > 0) {
                        // the scenario's own pacing (split input), not a wait for a result
                        Thread.sleep(options.rawChunkGap().toMillis());
                    }
                    String c = chunks.get(j);
                    qmp.send(raw ? c.getBytes(StandardCharsets.UTF_8) : HexFormat.of().parseHex(c),
                            deadline(options.syncTimeout()));
                }
            }
        }

        private List<String> io(final List<String> lines) throws ScenarioException, IOException {
            List<String> replies = new ArrayList<>();
            for (String line : lines) {
                String op = line.split(" ")[0];
                if (!IO_READ_OPS.contains(op) && !IO_WRITE_OPS.contains(op)) {
                    throw new ScenarioException("unknown io command '" + line + "'");
                }
                String text = qtest(line);
                if (IO_READ_OPS.contains(op) || !text.equals("OK")) {
                    replies.add(text);
                }
            }
            return replies;
        }

        private void waitMs(final long ms) throws ScenarioException, IOException {
            String text = qtest("clock_step " + ms * 1_000_000L);
            if (!text.startsWith("OK")) {
                throw new ScenarioException("clock_step answered '" + text + "'");
            }
        }

        private String qtest(final String line) throws IOException {
            long dl = deadline(options.syncTimeout());
            qtest.send((line + "\n").getBytes(StandardCharsets.UTF_8), dl);
            while (true) {
                byte[] raw = qtest.readLine(dl);
                if (raw == null) {
                    return qtest.eof() ? "<ORACLE: qtest EOF>" : "<ORACLE: no qtest reply>";
                }
                String text = stripEol(new String(raw, StandardCharsets.UTF_8));
                if (!text.startsWith("IRQ ")) {
                    return text;
                }
            }
        }

        /** Reads until a reply (not an event) has arrived, EOF, or the sync timeout; keeps all of it. */
        private void awaitAReply() throws IOException {
            long dl = deadline(options.syncTimeout());
            byte[] line;
            while ((line = qmp.readLine(dl)) != null) {
                early.add(norm.message(line, false));
                JsonNode obj = parseOrNull(line);
                if (obj != null && obj.isObject() && !obj.has("event")) {
                    return;
                }
            }
        }

        /** Messages up to our sync reply (dropped); true on EOF. */
        private boolean collect(final List<String> out) throws IOException {
            out.addAll(early);
            early.clear();
            if (!options.settle().isZero()) {
                long end = deadline(options.settle());
                byte[] line;
                while ((line = qmp.readLine(end)) != null) {
                    out.add(norm.message(line, false));
                }
                if (qmp.eof()) {
                    return true;
                }
            }
            syncN++;
            String sid = SYNC_PREFIX + syncN;
            ObjectNode q = PyJson.object();
            q.put("execute", "query-status");
            q.put("id", sid);
            long dl = deadline(options.syncTimeout());
            qmp.send((PyJson.dumps(q) + "\n").getBytes(StandardCharsets.UTF_8), dl);
            while (true) {
                byte[] line = qmp.readLine(dl);
                if (line == null) {
                    if (qmp.eof()) {
                        return true;
                    }
                    out.add("<ORACLE: no reply to the sync query-status within "
                            + seconds(options.syncTimeout()) + "s>");
                    return false;
                }
                JsonNode obj = parseOrNull(line);
                JsonNode id = obj != null && obj.isObject() ? obj.get("id") : null;
                if (id != null && id.isTextual() && id.textValue().equals(sid)) {
                    return false;
                }
                if (id != null && id.isTextual() && id.textValue().startsWith(SYNC_PREFIX)) {
                    continue; // a stale sync reply
                }
                out.add(norm.message(line, false));
            }
        }

        private boolean drainUntilEof(final List<String> out) throws IOException {
            out.addAll(early);
            early.clear();
            long dl = deadline(options.exitTimeout());
            while (true) {
                byte[] line = qmp.readLine(dl);
                if (line == null) {
                    return qmp.eof();
                }
                out.add(norm.message(line, false));
            }
        }

        private Integer exitStatus() throws InterruptedException, ScenarioException {
            try {
                return termination.get(options.exitTimeout().toMillis(), TimeUnit.MILLISECONDS).exitStatus();
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                throw new ScenarioException("the machine ended abnormally: " + e.getCause(), e.getCause());
            }
        }
    }

    private static void recv(final ObjectNode rec, final List<String> msgs) {
        ArrayNode a = rec.putArray("recv");
        msgs.forEach(a::add);
    }

    private static JsonNode parseOrNull(final byte[] line) {
        try {
            return PyJson.parse(new String(line, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String stripEol(final String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Seconds as Python's {@code f"{x:g}"} prints them for the runner's timeouts (5, 0.5). */
    private static String seconds(final Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static long deadline(final Duration d) {
        return System.nanoTime() + d.toNanos();
    }
}
