/**
 * The generators of the committed documentation: {@link org.runstate.docs.QmpReferenceGenerator}
 * (qmp-reference.md from the schema resources), {@link org.runstate.docs.TransitionDiagram} (the
 * run-state diagram from {@code RunStateTransitions}), {@link org.runstate.docs.SourceQuotes}
 * (example sources quoted in Markdown) and {@link org.runstate.docs.GenerateDocs}, which runs them
 * all. The docs module's tests fail when a committed file differs from their output.
 */
package org.runstate.docs;
