/**
 * What the vCPU run loop's guard costs a slice of guest code: the same flags-word and wake-up
 * counter reads the loop makes, measured beside a bare slice loop.
 */
package org.runstate.benchmarks.vcpu;
