package org.runstate.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;
import org.runstate.core.state.RunStateTransitions;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class TransitionDiagramTest {
    /** The table as "from->to" strings of wire names. */
    private static Set<String> tableEdges() {
        Set<String> edges = new TreeSet<>();
        for (RunState[] p : RunStateTransitions.allowedPairs()) {
            edges.add(p[0].wireName() + "->" + p[1].wireName());
        }
        return edges;
    }

    private static Set<String> tableNodes() {
        Set<String> nodes = new TreeSet<>();
        for (RunState s : RunState.values()) {
            nodes.add(s.wireName());
        }
        return nodes;
    }

    @Test
    void committedDotIsWhatTheGeneratorWrites() {
        DocsDir.assertCommittedAsGenerated(TransitionDiagram.DOT_FILE, TransitionDiagram.dot());
    }

    @Test
    void dotHasOneEdgePerAllowedPair() {
        Set<String> edges = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([a-z-]+)\" -> \"([a-z-]+)\"")
                .matcher(TransitionDiagram.dot());
        int count = 0;
        while (m.find()) {
            edges.add(m.group(1) + "->" + m.group(2));
            count++;
        }
        assertThat(count).isEqualTo(71);
        assertThat(edges).isEqualTo(tableEdges());
    }

    @Test
    void committedSvgShowsExactlyTheTable() throws Exception {
        Graph g = parseSvg(DocsDir.read(TransitionDiagram.SVG_FILE));
        assertThat(g.nodes).as(DocsDir.outOfDate(TransitionDiagram.SVG_FILE) + " (needs Graphviz)")
                .isEqualTo(tableNodes());
        assertThat(g.edges).as(DocsDir.outOfDate(TransitionDiagram.SVG_FILE) + " (needs Graphviz)")
                .isEqualTo(tableEdges());
        assertThat(g.edgeCount).isEqualTo(tableEdges().size());
    }

    @Test
    void dotRendersToTheSameGraphWhenGraphvizIsInstalled() throws Exception {
        assumeTrue(TransitionDiagram.graphvizAvailable(), "Graphviz 'dot' is not installed");
        Graph g = parseSvg(TransitionDiagram.renderSvg(TransitionDiagram.dot()).orElseThrow());
        assertThat(g.nodes).isEqualTo(tableNodes());
        assertThat(g.edges).isEqualTo(tableEdges());
    }

    /** Nodes and edges of a Graphviz SVG, from the titles of its node and edge groups. */
    private record Graph(Set<String> nodes, Set<String> edges, int edgeCount) {
    }

    private static Graph parseSvg(final String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document doc = b.parse(new InputSource(new StringReader(svg)));
        Set<String> nodes = new TreeSet<>(titles(doc, "node"));
        java.util.List<String> edgeList = titles(doc, "edge");
        return new Graph(nodes, new HashSet<>(edgeList).stream().collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                edgeList.size());
    }

    private static java.util.List<String> titles(final Document doc, final String cls) throws Exception {
        NodeList list = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate("//*[local-name()='g'][@class='" + cls + "']/*[local-name()='title']", doc,
                        XPathConstants.NODESET);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent());
        }
        return out;
    }
}
