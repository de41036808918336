/**
 * QEMU 7.2's s390-ccw-virtio run-state behaviour: s390 CPUs whose wait PSWs end the guest
 * (disabled wait → GUEST_PANICKED, 0xfff wait → guest shutdown), the other crash reasons an
 * engine reports, the SCLP event facility with the signal-quiesce event of
 * {@code system_powerdown}, DIAGNOSE 0x308 resets and the restart interruption of
 * {@code inject-nmi}. {@link org.runstate.s390.S390Machine} is the entry point.
 */
package org.runstate.s390;
