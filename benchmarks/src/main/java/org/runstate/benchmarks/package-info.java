/**
 * JMH benchmarks of runstate's claims, each beside its baseline (transitions, pause/resume, event
 * fan-out and latency), and the machines-per-JVM scale probe; docs/performance.md has the figures
 * and how to run them.
 */
package org.runstate.benchmarks;
