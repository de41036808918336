package org.runstate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.Definition;
import org.runstate.qmp.QmpCommandTable;

class QmpReferenceGeneratorTest {
    private static final List<Definition> ALL = QapiSchema.runState()
            .plus(QapiSchema.load(QmpCommandTable.class, QmpCommandTable.CONTROL_SCHEMA))
            .plus(QapiSchema.deviceEvents()).definitions();

    @Test
    void committedReferenceIsWhatTheGeneratorWrites() {
        DocsDir.assertCommittedAsGenerated(QmpReferenceGenerator.FILE, QmpReferenceGenerator.generate());
    }

    @Test
    void everyDefinitionHasASectionWithItsSince() {
        String md = QmpReferenceGenerator.generate();
        for (Definition d : ALL) {
            assertThat(md).contains("### " + kind(d) + " `" + d.name() + "`\n\nSince: "
                    + (d.since() == null ? "—" : d.since()) + " ·");
        }
    }

    @Test
    void everyMemberIsListedWithItsType() {
        String md = QmpReferenceGenerator.generate();
        for (Definition d : ALL) {
            List<QapiSchema.Member> members = d instanceof CommandDefinition c ? c.members()
                    : d instanceof QapiSchema.EventDefinition e ? e.members()
                    : d instanceof QapiSchema.StructDefinition s ? s.members()
                    : d instanceof QapiSchema.UnionDefinition u ? u.base() : List.of();
            String section = section(md, d);
            for (QapiSchema.Member m : members) {
                String bare = m.type().replace("[", "").replace("]", "");
                assertThat(section).as(d.name() + "." + m.name())
                        .containsPattern("\\| `" + java.util.regex.Pattern.quote(m.name()) + "` \\| .*`"
                                + java.util.regex.Pattern.quote(bare) + "`.* \\| " + (m.optional() ? "yes" : "no") + " \\|");
            }
            if (d instanceof QapiSchema.EnumDefinition e) {
                e.values().forEach(v -> assertThat(section).contains("| `" + v + "` |"));
            }
        }
    }

    @Test
    void everyCommandInTheSchemaIsServed() {
        assertThat(QmpReferenceGenerator.servedCommands()).containsExactlyInAnyOrderElementsOf(
                ALL.stream().filter(CommandDefinition.class::isInstance).map(Definition::name).toList());
        assertThat(QmpReferenceGenerator.generate()).doesNotContain("served by `runstate-vm`: **no**");
    }

    @Test
    void linksPointAtSections() {
        String md = QmpReferenceGenerator.generate();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]\\(#([a-z0-9_-]+)\\)").matcher(md);
        java.util.Set<String> anchors = new java.util.HashSet<>();
        for (Definition d : ALL) {
            anchors.add(QmpReferenceGenerator.anchor(d));
        }
        assertThat(anchors).hasSize(ALL.size()); // no two headings share an anchor
        int links = 0;
        while (m.find()) {
            assertThat(anchors).contains(m.group(1));
            links++;
        }
        assertThat(links).isGreaterThan(ALL.size());
    }

    private static String kind(final Definition d) {
        String simple = d.getClass().getSimpleName();
        return simple.substring(0, simple.length() - "Definition".length());
    }

    private static String section(final String md, final Definition d) {
        int start = md.indexOf(" `" + d.name() + "`\n\nSince:");
        int end = md.indexOf("\n### ", start);
        return md.substring(start, end < 0 ? md.length() : end);
    }
}
