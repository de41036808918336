package org.runstate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps source files quoted in Markdown identical to the files. A quote is written as
 *
 * <pre>
 * &lt;!-- source: src/main/java/org/runstate/docs/example/ToyCpu.java --&gt;
 * ```java
 * ...the whole file...
 * ```
 * &lt;!-- end source --&gt;
 * </pre>
 *
 * with the path relative to the docs directory; {@link #refresh} rewrites everything between the
 * two comments from the file.
 */
public final class SourceQuotes {
    /** One quote: the opening comment with its path, the quoted text, the closing comment. */
    static final Pattern QUOTE = Pattern.compile(
            "(<!-- source: (\\S+) -->\\n)(.*?)(<!-- end source -->)", Pattern.DOTALL);

    private SourceQuotes() {
    }

    /**
     * Replaces every quote in {@code markdown} by the current content of its file.
     *
     * @param markdown the document
     * @param docsDir the directory the quote paths are relative to
     * @return the document with fresh quotes
     */
    public static String refresh(final String markdown, final Path docsDir) {
        Matcher m = QUOTE.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) + fence(read(docsDir.resolve(m.group(2)))) + m.group(4);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The source paths quoted in {@code markdown}, in order.
     *
     * @param markdown the document
     * @return the paths as written, relative to the docs directory
     */
    public static java.util.List<String> quotedPaths(final String markdown) {
        return QUOTE.matcher(markdown).results().map(r -> r.group(2)).toList();
    }

    private static String fence(final String source) {
        return "```java\n" + (source.endsWith("\n") ? source : source + "\n") + "```\n";
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read quoted source " + file, e);
        }
    }
}
