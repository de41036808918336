/**
 * jcstress proofs of a QMP client's combining output writer: concurrent flushes, flushes that must
 * not wait, and the end marker racing an emitter.
 */
package org.runstate.stress.qmp;
