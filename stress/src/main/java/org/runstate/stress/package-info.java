/**
 * The jcstress runner ({@link org.runstate.stress.StressMain}) that fails the build when a
 * concurrency proof of the sub-packages sees a forbidden outcome.
 */
package org.runstate.stress;
