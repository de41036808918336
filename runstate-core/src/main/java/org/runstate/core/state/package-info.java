/**
 * The run state and its rules: {@link org.runstate.core.state.RunStateTransitions} is QEMU 7.2's
 * transition table, {@link org.runstate.core.state.AtomicRunState} the lock-free word that holds the
 * current state and refuses a forbidden transition (where QEMU aborts) with
 * {@link org.runstate.core.state.InvalidRunStateTransitionException}, and the VM state change
 * handlers run on every running/stopped change.
 */
package org.runstate.core.state;
