/**
 * jcstress proofs of the control thread: system requests posted while the control thread takes them,
 * and a task submitted while the control loop ends.
 */
package org.runstate.stress.core;
