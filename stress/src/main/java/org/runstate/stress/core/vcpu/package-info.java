/**
 * jcstress proofs of the vCPU flags word: pause versus wake-up, the stop acknowledgement versus
 * unplug, resume versus HLT.
 */
package org.runstate.stress.core.vcpu;
