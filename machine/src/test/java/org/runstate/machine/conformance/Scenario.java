package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One conformance scenario ({@code NAME.json}): QEMU options and the steps to replay.
 *
 * @param name the scenario's name (also its file name)
 * @param about what QEMU behaviour it pins
 * @param args the QEMU options the launcher gets before the runner's own
 * @param steps the steps, each with exactly one of {@link #STEP_KINDS}
 * @param targets the runner targets it is meant for ({@code qemu}, {@code cmd})
 */
record Scenario(String name, String about, List<String> args, List<ObjectNode> steps, List<String> targets) {
    /** The step kinds {@code run.py} knows. */
    static final List<String> STEP_KINDS = List.of("qmp", "qmp_raw", "qmp_hex", "io", "wait_ms", "expect_exit");

    /**
     * Parses and validates a scenario as {@code run.py}'s {@code load_scenario} does.
     *
     * @param json the file's text
     * @return the scenario
     * @throws IllegalArgumentException if it is malformed
     */
    static Scenario parse(final String json) {
        JsonNode root = PyJson.parse(json);
        for (String key : List.of("name", "about", "steps")) {
            if (!root.has(key)) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
        }
        List<String> args = new ArrayList<>();
        root.path("args").forEach(a -> args.add(a.asText()));
        List<ObjectNode> steps = new ArrayList<>();
        int i = 0;
        for (JsonNode st : root.get("steps")) {
            long kinds = STEP_KINDS.stream().filter(st::has).count();
            if (!st.isObject() || kinds != 1) {
                throw new IllegalArgumentException("step " + i + " must have exactly one of " + STEP_KINDS);
            }
            steps.add((ObjectNode) st);
            i++;
        }
        List<String> targets = new ArrayList<>();
        if (root.has("targets")) {
            root.get("targets").forEach(t -> targets.add(t.asText()));
        } else {
            targets.addAll(List.of("qemu", "cmd"));
        }
        return new Scenario(root.get("name").asText(), root.get("about").asText(), List.copyOf(args),
                List.copyOf(steps), List.copyOf(targets));
    }

    /**
     * The kind of a step (its one key out of {@link #STEP_KINDS}).
     *
     * @param step the step
     * @return the kind
     */
    static String kind(final JsonNode step) {
        return STEP_KINDS.stream().filter(step::has).findFirst().orElseThrow();
    }

    /**
     * The qtest lines of an {@code io} step (a string or a list of strings).
     *
     * @param step the step
     * @return the lines
     */
    static List<String> ioLines(final JsonNode step) {
        JsonNode v = step.get("io");
        List<String> lines = new ArrayList<>();
        if (v.isTextual()) {
            lines.add(v.textValue());
        } else {
            v.forEach(l -> lines.add(l.asText()));
        }
        return lines;
    }
}
