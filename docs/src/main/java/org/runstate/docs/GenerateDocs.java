package org.runstate.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Regenerates every generated file in the docs directory: {@code qmp-reference.md}, the
 * transition diagram's DOT and (when Graphviz is installed) SVG, and the source files quoted in
 * the Markdown pages. Run it with {@link #COMMAND}; the docs tests fail when a committed file
 * differs from what this would write.
 */
public final class GenerateDocs {
    /** How to run this from the repository root. */
    public static final String COMMAND = "mvn -B -q -pl docs -am process-classes -Ddocs.regenerate=true";

    private GenerateDocs() {
    }

    /**
     * Writes the generated files.
     *
     * @param args the docs directory (default: the current directory)
     * @throws IOException if a file cannot be read or written
     */
    public static void main(final String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        write(dir.resolve(QmpReferenceGenerator.FILE), QmpReferenceGenerator.generate());
        String dot = TransitionDiagram.dot();
        write(dir.resolve(TransitionDiagram.DOT_FILE), dot);
        Optional<String> svg = TransitionDiagram.renderSvg(dot);
        if (svg.isPresent()) {
            write(dir.resolve(TransitionDiagram.SVG_FILE), svg.get());
        } else {
            System.err.println("Graphviz 'dot' is not installed: " + TransitionDiagram.SVG_FILE
                    + " was not re-rendered (apt-get install graphviz)");
        }
        for (Path md : markdownPages(dir)) {
            String text = Files.readString(md, StandardCharsets.UTF_8);
            write(md, SourceQuotes.refresh(text, dir));
        }
    }

    /**
     * The Markdown pages directly in the docs directory.
     *
     * @param dir the docs directory
     * @return the {@code *.md} files, sorted
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> markdownPages(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    private static void write(final Path file, final String content) throws IOException {
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            return;
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        System.out.println("updated " + file);
    }
}
