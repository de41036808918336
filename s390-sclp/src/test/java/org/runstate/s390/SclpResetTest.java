package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a machine reset does to the SCLP side: registration, pending quiesce, pending service signal. */
class SclpResetTest {
    @Test
    void systemResetClearsTheGuestReceiveMask() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h);
            h.systemReset();
            assertThat(h.s390.sclpReceiveMask()).isZero();
        }
    }

    @Test
    void systemResetDropsAPendingQuiesce() {
        try (S390Harness h = S390Harness.running()) {
            h.systemPowerdown();
            h.systemReset();
            assertThat(h.s390.quiescePending()).isFalse();
        }
    }

    @Test
    void systemResetDropsAPendingServiceSignal() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h);
            h.systemReset();
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x0000 0x00000000");
        }
    }

    /** QEMU 7.2 quirk: qemu_s390_flic_reset leaves service_param, so it joins the next signal. */
    @Test
    void aParameterNobodyTookBeforeTheResetIsOredIntoTheNextSignal() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h); // pending 0x21000, never taken
            h.systemReset();
            h.cont();
            h.write(0x24000, 8, 0x001c000000000000L);
            h.write(0x24008, 8, 0x0000000400000008L);
            h.io("s390_sclp 0 0x00780005 0x24000");
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00025000");
        }
    }
}
