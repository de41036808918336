/**
 * The embeddable run-state machine: {@link org.runstate.core.Machine} and its builder, the
 * control thread that plays QEMU's main loop, the system requests devices post
 * ({@link org.runstate.core.SystemRequests}), the run-state commands QMP exposes
 * ({@link org.runstate.core.RunStateCommands}), and the reboot, shutdown, panic and watchdog
 * actions ({@link org.runstate.core.RunStateActions}) that decide what a guest event does. Start
 * with {@code Machine.builder()}; docs/embedding.md describes the threading rules.
 */
package org.runstate.core;
