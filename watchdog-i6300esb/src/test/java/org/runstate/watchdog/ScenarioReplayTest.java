package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Termination;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.QapiEnum;
import org.runstate.core.qapi.QapiEnums;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.StatusInfo;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.qapi.WatchdogSetActionCommand;

/**
 * Replays every {@code wdt-*} (i6300esb) and {@code ib700-*} conformance scenario against the
 * devices on a stepped
 * machine (the qtest path, without the launcher and QMP server): io lines become guest accesses,
 * {@code wait_ms} becomes {@code clock_step}, the QMP commands the scenarios use are called on
 * the core. For each synced step it compares, with the golden, the io read replies, the events
 * (name and data) and the {@code query-status} results; events of {@code nosync} steps count
 * for the next synced step, as in the runner. QMP return lines are the QMP server's business and
 * are not compared. The scenarios are the repository's copy under the machine module's test
 * resources (or {@code -Drunstate.conformance.scenarios=DIR}).
 */
class ScenarioReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyWatchdogScenarioMatchesItsGolden() throws IOException {
        Path dir = scenarioDir();
        assertThat(dir).as("the repository's copy of the conformance scenarios").isNotNull();
        List<Path> scenarios;
        try (Stream<Path> files = Files.list(dir)) {
            scenarios = files.filter(p -> p.getFileName().toString().matches("(wdt|ib700)-.*\\.json")).sorted().toList();
        }
        assertThat(scenarios).isNotEmpty();
        return scenarios.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> replay(p)));
    }

    private static Path scenarioDir() {
        String configured = System.getProperty("runstate.conformance.scenarios");
        if (configured != null) {
            return Paths.get(configured);
        }
        // the transcripts are committed with the launcher's conformance replay; the module's own
        // directory is a sibling of machine/
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("machine/src/test/resources/conformance/scenarios");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void replay(final Path scenarioFile) throws IOException {
        JsonNode scenario = JSON.readTree(scenarioFile.toFile());
        Path goldenFile = scenarioFile.resolveSibling(scenarioFile.getFileName().toString().replace(".json", ".golden.jsonl"));
        List<JsonNode> golden = new ArrayList<>();
        for (String line : Files.readAllLines(goldenFile)) {
            JsonNode n = JSON.readTree(line);
            if (n.path("step").isInt()) {
                golden.add(n);
            }
        }
        ActionCommandLine actions = new ActionCommandLine();
        int devfn = EsbHarness.NO_ESB;
        boolean ib700 = false;
        Iterator<JsonNode> args = scenario.path("args").iterator();
        while (args.hasNext()) {
            String a = args.next().asText();
            if (a.equals("-device")) {
                String spec = args.next().asText();
                if (spec.equals(Ib700Watchdog.TYPE)) {
                    ib700 = true;
                    continue;
                }
                assertThat(spec).startsWith("i6300esb");
                devfn = spec.contains("addr=") ? parseAddr(spec.substring(spec.indexOf("addr=") + 5)) : -1;
            } else if (a.equals("-watchdog-action")) {
                actions.watchdogAction(args.next().asText());
            } else if (a.equals("-action")) {
                actions.action(args.next().asText());
            } else if (a.equals("-no-reboot")) {
                actions.noReboot();
            } else {
                throw new AssertionError("argument not handled by the replay: " + a);
            }
        }
        try (EsbHarness h = EsbHarness.devices(VirtualClock.Mode.STEPPED, actions, devfn, ib700)) {
            new Replay(h, golden).run(scenario.path("steps"));
        }
    }

    /** {@code addr=SLOT[.FN]}, hexadecimal, as QEMU's PCI devfn property parses it. */
    private static int parseAddr(final String addr) {
        String a = addr.contains(",") ? addr.substring(0, addr.indexOf(',')) : addr;
        String[] parts = a.split("\\.");
        return Integer.parseInt(parts[0], 16) << 3 | (parts.length > 1 ? Integer.parseInt(parts[1], 16) : 0);
    }

    /** One run of a scenario. */
    private static final class Replay {
        private final EsbHarness h;
        private final List<JsonNode> golden;
        private final List<String> reads = new ArrayList<>();
        private final List<String> statuses = new ArrayList<>();
        private int eventsSeen;
        private boolean exited;

        Replay(final EsbHarness h, final List<JsonNode> golden) {
            this.h = h;
            this.golden = golden;
        }

        void run(final JsonNode steps) {
            for (int i = 0; i < steps.size(); i++) {
                JsonNode step = steps.get(i);
                JsonNode expected = golden.get(i);
                if (!exited) {
                    execute(step);
                }
                if (step.path("nosync").asBoolean(false)) {
                    continue;
                }
                List<RunStateEvent> all = h.events();
                List<String> events = all.subList(eventsSeen, all.size()).stream().map(Replay::describe).toList();
                eventsSeen = all.size();
                String where = "step " + i + " " + step;
                assertThat(events).as(where + " events").containsExactlyElementsOf(expectedEvents(expected));
                assertThat(statuses).as(where + " query-status").containsExactlyElementsOf(expectedStatuses(expected));
                if (expected.has("io")) {
                    List<String> io = new ArrayList<>();
                    expected.path("io").forEach(n -> io.add(n.asText()));
                    assertThat(reads).as(where + " io").containsExactlyElementsOf(io);
                }
                if (expected.has("exit")) {
                    assertThat(exited).as(where + " exited").isTrue();
                    assertThat(h.machine.termination().join().exitStatus()).isEqualTo(expected.path("exit").asInt());
                }
                reads.clear();
                statuses.clear();
            }
        }

        private void execute(final JsonNode step) {
            if (step.has("qmp")) {
                qmp(step.path("qmp"));
            } else if (step.has("io")) {
                JsonNode io = step.path("io");
                if (io.isArray()) {
                    io.forEach(l -> ioLine(l.asText()));
                } else {
                    ioLine(io.asText());
                }
                // the control loop's next pass: a timer the accesses made due now (ib700 value 15)
                // fires before anything else is looked at, as in the launcher
                h.machine.submit(() -> h.machine.stepVirtualClock(0)).handle((r, e) -> null).join();
            } else if (step.has("wait_ms")) {
                long ns = step.path("wait_ms").asLong() * 1_000_000L;
                h.machine.submit(() -> h.machine.stepVirtualClock(ns)).handle((r, e) -> null).join();
                exited = h.machine.termination().isDone();
            } else if (step.has("expect_exit")) {
                Termination t = h.awaitTermination();
                exited = true;
                assertThat(t.exitStatus()).isZero();
            } else {
                throw new AssertionError("step kind not handled by the replay: " + step);
            }
        }

        private void qmp(final JsonNode request) {
            String command = request.path("execute").asText();
            JsonNode arguments = request.path("arguments");
            switch (command) {
                case "qmp_capabilities" -> { }
                case "query-status" -> {
                    StatusInfo s = h.machine.submit(() -> h.machine.commands().queryStatus()).join();
                    statuses.add(s.status().wireName() + " running=" + s.running());
                }
                case "cont" -> h.qmp(() -> h.machine.commands().cont());
                case "system_reset" -> h.qmp(() -> h.machine.commands().systemReset());
                case "watchdog-set-action" -> h.qmp(() -> h.machine.commands().watchdogSetAction(
                        new WatchdogSetActionCommand(action(arguments.path("action").asText()))));
                case "set-action" -> h.qmp(() -> h.machine.commands().setAction(
                        new SetActionCommand(null, null, null, action(arguments.path("watchdog").asText()))));
                default -> throw new AssertionError("QMP command not handled by the replay: " + command);
            }
        }

        private static WatchdogAction action(final String wire) {
            return QapiEnums.fromWireName(WatchdogAction.class, wire).orElseThrow();
        }

        /** The qtest line protocol: in* replies {@code OK 0x%04x}, read* {@code OK 0x%016x}. */
        private void ioLine(final String line) {
            String[] w = line.trim().split("\\s+");
            long addr = Long.decode(w[1]);
            switch (w[0]) {
                case "outb" -> h.out((int) addr, 1, Long.decode(w[2]));
                case "outw" -> h.out((int) addr, 2, Long.decode(w[2]));
                case "outl" -> h.out((int) addr, 4, Long.decode(w[2]));
                case "inb" -> reads.add(String.format("OK 0x%04x", h.in((int) addr, 1)));
                case "inw" -> reads.add(String.format("OK 0x%04x", h.in((int) addr, 2)));
                case "inl" -> reads.add(String.format("OK 0x%04x", h.in((int) addr, 4)));
                case "writeb" -> h.writeMem(addr, 1, Long.decode(w[2]));
                case "writew" -> h.writeMem(addr, 2, Long.decode(w[2]));
                case "writel" -> h.writeMem(addr, 4, Long.decode(w[2]));
                case "readb" -> reads.add(String.format("OK 0x%016x", h.readMem(addr, 1)));
                case "readw" -> reads.add(String.format("OK 0x%016x", h.readMem(addr, 2)));
                case "readl" -> reads.add(String.format("OK 0x%016x", h.readMem(addr, 4)));
                case "writeq" -> h.writeMem(addr, 8, unsigned64(w[2]));
                case "readq" -> reads.add(String.format("OK 0x%016x", h.readMem(addr, 8)));
                default -> throw new AssertionError("io command not handled by the replay: " + line);
            }
        }

        /** A 64-bit qtest value, which may not fit a signed long: strtoull(s, 0) for hex and decimal. */
        private static long unsigned64(final String s) {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseUnsignedLong(s);
        }

        private static List<String> expectedEvents(final JsonNode step) {
            List<String> out = new ArrayList<>();
            for (JsonNode raw : step.path("recv")) {
                JsonNode msg = parse(raw.asText());
                if (msg.has("event")) {
                    Map<String, String> data = new TreeMap<>();
                    msg.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                    out.add(msg.path("event").asText() + " " + data);
                }
            }
            return out;
        }

        private static List<String> expectedStatuses(final JsonNode step) {
            List<String> out = new ArrayList<>();
            for (JsonNode raw : step.path("recv")) {
                JsonNode ret = parse(raw.asText()).path("return");
                if (ret.has("status")) {
                    out.add(ret.path("status").asText() + " running=" + ret.path("running").asBoolean());
                }
            }
            return out;
        }

        private static JsonNode parse(final String text) {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("golden line is not JSON: " + text, e);
            }
        }

        /** An event as {@code NAME {member=value, ...}}, members from the record's components. */
        private static String describe(final RunStateEvent event) {
            Map<String, String> data = new TreeMap<>();
            for (RecordComponent c : event.getClass().getRecordComponents()) {
                try {
                    Object v = c.getAccessor().invoke(event);
                    data.put(c.getName(), v instanceof QapiEnum q ? q.wireName() : String.valueOf(v));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return event.eventName() + " " + data;
        }
    }
}
