package org.runstate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DocsPagesTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

    @Test
    void quotedSourcesAreIdenticalToTheFiles() throws IOException {
        Path dir = DocsDir.path();
        for (Path page : GenerateDocs.markdownPages(dir)) {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            assertThat(text).as(DocsDir.outOfDate(page.getFileName().toString()))
                    .isEqualTo(SourceQuotes.refresh(text, dir));
        }
    }

    @Test
    void embeddingGuideQuotesTheWholeExample() throws IOException {
        Path dir = DocsDir.path();
        Set<String> sources = new HashSet<>();
        try (Stream<Path> files = Files.list(dir.resolve("src/main/java/org/runstate/docs/example"))) {
            files.filter(f -> !f.getFileName().toString().equals("package-info.java"))
                    .forEach(f -> sources.add(dir.relativize(f).toString().replace('\\', '/')));
        }
        assertThat(SourceQuotes.quotedPaths(DocsDir.read("embedding.md"))).containsExactlyInAnyOrderElementsOf(sources);
    }

    @Test
    void relativeLinksAndAnchorsResolve() throws IOException {
        Path dir = DocsDir.path();
        List<Path> pages = new ArrayList<>(GenerateDocs.markdownPages(dir));
        pages.add(dir.resolveSibling("README.md"));
        for (Path page : pages) {
            String text = FENCE.matcher(Files.readString(page, StandardCharsets.UTF_8)).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                assertThat(resolved).as(page.getFileName() + ": " + target).exists();
                if (hash >= 0) {
                    assertThat(anchors(resolved)).as(page.getFileName() + ": " + target)
                            .contains(target.substring(hash + 1));
                }
            }
        }
    }

    @Test
    void compatibilityPageStatesTheConformanceCounts() throws IOException {
        Path scenarios = DocsDir.path().resolveSibling("machine/src/test/resources/conformance/scenarios");
        List<String> names;
        try (Stream<Path> files = Files.list(scenarios)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
        }
        long s390 = names.stream().filter(n -> n.startsWith("s390-")).count();
        long hyperv = names.stream().filter(n -> n.startsWith("hyperv-")).count();
        long x86 = names.size() - s390 - hyperv;
        String page = DocsDir.read("compatibility.md");
        assertThat(page).contains("holds " + names.size() + " scenarios")
                .contains("All " + names.size() + " pass")
                .contains(names.size() + " of " + names.size() + " are byte-exact")
                .contains("| " + x86 + " | recorded")
                .contains("| " + s390 + " | derived")
                .contains("| " + hyperv + " | derived");
        assertThat(DocsDir.path().resolveSibling("machine/src/test/resources/conformance/CORRECTIONS.md")).exists();
    }

    /** The anchors GitHub gives a file's headings. */
    private static Set<String> anchors(final Path file) throws IOException {
        Set<String> out = new HashSet<>();
        if (!file.toString().endsWith(".md")) {
            return out;
        }
        String text = FENCE.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll("");
        Matcher h = HEADING.matcher(text);
        while (h.find()) {
            out.add(h.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return out;
    }
}
