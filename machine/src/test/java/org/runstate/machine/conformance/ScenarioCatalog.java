package org.runstate.machine.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of scenarios with their golden transcripts on the test class path. {@link #QEMU} is
 * the suite's own copy of the conformance scenarios recorded from QEMU 7.2 (copied from the shared
 * oracle; the tests never read the shared directory, which CI may not have).
 */
final class ScenarioCatalog {
    /** The scenarios recorded from QEMU 7.2. */
    static final ScenarioCatalog QEMU = new ScenarioCatalog("conformance/scenarios/");
    /** Scenarios whose transcripts {@code run.py} recorded against runstate-vm, to pin the replayer to run.py. */
    static final ScenarioCatalog REPLAYER_SELF_TEST = new ScenarioCatalog("conformance/replayer-selftest/");

    /** A scenario file's suffix. */
    static final String SCENARIO_SUFFIX = ".json";
    /** A golden transcript's suffix. */
    static final String GOLDEN_SUFFIX = ".golden.jsonl";

    private final String folder;

    private ScenarioCatalog(final String folder) {
        this.folder = folder;
    }

    /**
     * The file names in the scenario folder, sorted.
     *
     * @return the names
     */
    List<String> fileNames() {
        URL url = ScenarioCatalog.class.getClassLoader().getResource(folder);
        if (url == null || !url.getProtocol().equals("file")) {
            throw new IllegalStateException("the scenarios must be a directory on the test class path: " + folder
                    + " (found " + url + ")");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The scenario names (files {@code NAME.json}), sorted.
     *
     * @return the names
     */
    List<String> scenarioNames() {
        return fileNames().stream().filter(f -> f.endsWith(SCENARIO_SUFFIX) && !f.endsWith(".golden.json"))
                .map(f -> f.substring(0, f.length() - SCENARIO_SUFFIX.length())).toList();
    }

    /**
     * A scenario's text.
     *
     * @param name the scenario name
     * @return {@code NAME.json}
     */
    String scenarioText(final String name) {
        return read(name + SCENARIO_SUFFIX);
    }

    /**
     * A golden transcript's text.
     *
     * @param name the scenario name
     * @return {@code NAME.golden.jsonl}
     */
    String goldenText(final String name) {
        return read(name + GOLDEN_SUFFIX);
    }

    private String read(final String file) {
        try (InputStream in = ScenarioCatalog.class.getClassLoader().getResourceAsStream(folder + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + folder + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
