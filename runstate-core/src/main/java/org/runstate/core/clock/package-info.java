/**
 * QEMU's clocks: the virtual clock, which follows the host only while the VM runs or moves only
 * when stepped (the qtest accelerator), the realtime clock, and the deadline-ordered timers that
 * fire on the control thread ({@link org.runstate.core.clock.VirtualClock},
 * {@link org.runstate.core.clock.RealtimeClock}, {@link org.runstate.core.clock.ClockTimer}).
 */
package org.runstate.core.clock;
