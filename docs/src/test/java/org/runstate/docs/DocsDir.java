package org.runstate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The docs module directory (Surefire's working directory) and the committed files in it. */
final class DocsDir {
    private DocsDir() {
    }

    static Path path() {
        Path dir = Path.of("").toAbsolutePath();
        if (!Files.exists(dir.resolve("src/main/java/org/runstate/docs/GenerateDocs.java"))) {
            throw new IllegalStateException("run the docs tests from the docs module directory, not " + dir);
        }
        return dir;
    }

    static String read(final String name) {
        try {
            return Files.readString(path().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String outOfDate(final String name) {
        return "docs/" + name + " is out of date; regenerate it from the repository root with:\n  "
                + GenerateDocs.COMMAND + "\nand commit the result";
    }

    /** Asserts that the committed {@code name} is what its generator writes now, or says how to regenerate it. */
    static void assertCommittedAsGenerated(final String name, final String generated) {
        assertThat(read(name)).as(outOfDate(name)).isEqualTo(generated);
    }
}
