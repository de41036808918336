package org.runstate.machine.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * Replay-and-compare, shared by the conformance suite and the replayer's self-test: each replay
 * gets a fresh, short socket directory, and a difference fails with the first differing step
 * (and the whole transcripts as expected/actual values, for an IDE's comparison view).
 */
final class ScenarioCheck {
    /** Unix socket paths are limited to 107 bytes; the longest name we bind is the listener's temp name. */
    private static final int MAX_SOCKET_DIR = 70;

    private ScenarioCheck() {
    }

    /**
     * Replays a scenario in a fresh directory under {@code tmp}.
     *
     * @param sc the scenario
     * @param tmp a JUnit temp dir
     * @param options timing
     * @return the transcript records
     * @throws Exception as {@link ScenarioReplayer#replay}
     */
    static List<ObjectNode> replay(final Scenario sc, final Path tmp, final ScenarioReplayer.Options options)
            throws Exception {
        Path dir = Files.createTempDirectory(tmp, "s");
        if (dir.toString().length() > MAX_SOCKET_DIR) {
            // the temp root is too long for unix socket paths here
            deleteQuietly(dir);
            dir = Files.createTempDirectory(Path.of("/tmp"), "conf");
        }
        try {
            return new ScenarioReplayer(options).replay(sc, dir);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * Fails unless the replay equals the golden byte for byte (after normalisation).
     *
     * @param name the scenario name
     * @param source what recorded the golden, for the message
     * @param expected the golden records
     * @param actual the replayed records
     */
    static void assertMatches(final String name, final String source, final List<ObjectNode> expected,
            final List<ObjectNode> actual) {
        Optional<String> diff = Transcripts.firstDifference(expected, actual);
        if (diff.isPresent()) {
            throw new AssertionFailedError(name + " differs from " + source + "'s transcript\n" + diff.get(),
                    Transcripts.format(expected), Transcripts.format(actual));
        }
    }

    private static void deleteQuietly(final Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: JUnit removes its temp dir anyway
        }
    }
}
