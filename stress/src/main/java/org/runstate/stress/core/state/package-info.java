/**
 * jcstress proofs of the run-state word: concurrent transitions, the stop versus guest-suspend race
 * and concurrent check-then-set.
 */
package org.runstate.stress.core.state;
