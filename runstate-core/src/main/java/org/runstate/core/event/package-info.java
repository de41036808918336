/**
 * Event delivery: the {@link org.runstate.core.event.EventBus} puts every event in one global order
 * and hands it to each {@link org.runstate.core.event.EventSubscription}'s bounded inbox without
 * ever blocking the emitter; {@link org.runstate.core.event.EventThrottle} is QEMU's per-event rate
 * limit, and {@link org.runstate.core.event.TimestampedEvent} an event with QMP's timestamp.
 */
package org.runstate.core.event;
