package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.PowerdownEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * system_powerdown on s390: POWERDOWN, then the signal-quiesce event and a service signal only for
 * a guest that registered for it (scenarios s390-quiesce-powerdown-no-shutdown and
 * s390-powerdown-no-listener, reference/s390.md section 8).
 */
class SignalQuiesceTest {
    static final long MASK_SCCB = 0x21000;
    static final long READ_SCCB = 0x22000;

    /** The guest's SCCB writes and SERVICE CALL of the scenario's registration step. */
    static String registerForQuiesce(final S390Harness h) {
        h.write(MASK_SCCB, 8, 0x001c000000000000L);
        h.write(MASK_SCCB + 8, 8, 0x0000000400000008L);
        h.write(MASK_SCCB + 16, 8, 0);
        h.write(MASK_SCCB + 24, 4, 0);
        return h.io("s390_sclp 0 0x00780005 0x21000");
    }

    /** A fresh 4096-byte unconditional read-event-data SCCB at 0x22000, then the SERVICE CALL. */
    static String readEventData(final S390Harness h) {
        h.write(READ_SCCB, 8, 0x1000000000000000L);
        h.write(READ_SCCB + 8, 8, 0);
        h.write(READ_SCCB + 16, 8, 0);
        return h.io("s390_sclp 0 0x00770005 0x22000");
    }

    @Test
    void writeEventMaskAnswersNormalCompletionAndTheSclpMasks() {
        try (S390Harness h = S390Harness.running()) {
            assertThat(registerForQuiesce(h)).isEqualTo("OK 0x0");
            assertThat(h.read(MASK_SCCB + 6, 2)).isEqualTo(0x0020);
            assertThat(h.read(MASK_SCCB, 8)).isEqualTo(0x001c000000000020L);
            assertThat(h.read(MASK_SCCB + 8, 8)).isEqualTo(0x0000000400000008L);
            assertThat(h.read(MASK_SCCB + 16, 8)).isZero();
            assertThat(h.read(MASK_SCCB + 24, 4)).isEqualTo(0x10000008L);
            assertThat(h.s390.sclpReceiveMask()).isEqualTo(0x0000000800000000L);
        }
    }

    @Test
    void theWriteEventMaskCompletionSignalCarriesTheSccbAddress() {
        try (S390Harness h = S390Harness.running()) {
            registerForQuiesce(h);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00021000");
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x0000 0x00000000");
        }
    }

    @Test
    void powerdownForARegisteredGuestRaisesAServiceSignalWithThePendingBit() {
        try (S390Harness h = S390Harness.running()) {
            registerForQuiesce(h);
            h.io("s390_irq 0");
            h.systemPowerdown();
            assertThat(h.takeEvents()).containsExactly(PowerdownEvent.INSTANCE);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00000001");
        }
    }

    @Test
    void readEventDataStoresTheSignalQuiesceBuffer() {
        try (S390Harness h = S390Harness.running()) {
            registerForQuiesce(h);
            h.systemPowerdown();
            assertThat(readEventData(h)).isEqualTo("OK 0x0");
            assertThat(h.read(READ_SCCB + 6, 2)).isEqualTo(0x0020);
            assertThat(h.read(READ_SCCB + 10, 1)).isEqualTo(0x1d);
            assertThat(h.read(READ_SCCB, 8)).isEqualTo(0x1000000000000020L);
            assertThat(h.read(READ_SCCB + 8, 8)).isEqualTo(0x00091d8000000000L);
            assertThat(h.read(READ_SCCB + 16, 4)).isZero();
            assertThat(h.s390.quiescePending()).isFalse();
        }
    }

    @Test
    void theQuiesceEventIsReadOnlyOnce() {
        try (S390Harness h = S390Harness.running()) {
            registerForQuiesce(h);
            h.systemPowerdown();
            readEventData(h);
            readEventData(h);
            assertThat(h.read(READ_SCCB + 6, 2)).isEqualTo(0x60f0);
        }
    }

    @Test
    void theReadCompletionSignalHasNoPendingBitOnceTheEventIsRead() {
        try (S390Harness h = S390Harness.running()) {
            registerForQuiesce(h);
            h.io("s390_irq 0");
            h.systemPowerdown();
            h.io("s390_irq 0");
            readEventData(h);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00022000");
        }
    }

    /** The whole s390-quiesce-powerdown-no-shutdown golden, step by step. */
    @Test
    void theQuiesceScenarioWithNoShutdownEndsStoppedInShutdown() {
        try (S390Harness h = S390Harness.running(a -> a.noShutdown())) {
            assertThat(registerForQuiesce(h)).isEqualTo("OK 0x0");
            assertThat(h.read(0x21006, 2)).isEqualTo(0x20);
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00021000");
            h.io("s390_psw 0 0x0000000180000000 0x20060");
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            assertThat(h.takeEvents()).isEmpty();

            h.systemPowerdown();
            assertThat(h.takeEvents()).containsExactly(PowerdownEvent.INSTANCE);

            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00000001");
            h.io("s390_psw 0 0x0000000180000000 0x20060");
            assertThat(readEventData(h)).isEqualTo("OK 0x0");
            assertThat(h.read(0x22006, 2)).isEqualTo(0x20);
            assertThat(h.read(0x2200a, 1)).isEqualTo(0x1d);
            h.io("s390_psw 0 0x0002000180000000 0xfff");
            assertThat(h.takeEvents()).containsExactly(
                    new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN), StopEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.SHUTDOWN);

            assertThat(new long[] {h.read(0x21000, 8), h.read(0x21008, 8), h.read(0x21010, 8), h.read(0x21018, 4),
                h.read(0x22000, 8), h.read(0x22008, 8), h.read(0x22010, 4)})
                    .containsExactly(0x001c000000000020L, 0x0000000400000008L, 0, 0x10000008L,
                            0x1000000000000020L, 0x00091d8000000000L, 0);
        }
    }

    @Test
    void theQuiesceFlowWithDefaultActionsExitsZero() {
        try (S390Harness h = S390Harness.running()) {
            registerForQuiesce(h);
            h.systemPowerdown();
            readEventData(h);
            h.io("s390_psw 0 0x0002000180000000 0xfff");
            assertThat(h.awaitTermination().exitStatus()).isZero();
            assertThat(h.takeEvents()).containsExactly(PowerdownEvent.INSTANCE,
                    new ShutdownEvent(true, ShutdownCause.GUEST_SHUTDOWN));
        }
    }

    @Test
    void aSecondPowerdownAfterResetWorksOnceTheGuestRegistersAgain() {
        try (S390Harness h = S390Harness.running(a -> a.noShutdown())) {
            registerForQuiesce(h);
            h.systemPowerdown();
            readEventData(h);
            h.io("s390_psw 0 0x0002000180000000 0xfff");
            h.systemReset();
            h.cont();
            h.takeEvents();
            registerForQuiesce(h);
            h.io("s390_irq 0");
            h.systemPowerdown();
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00000001");
        }
    }

    /** s390-powerdown-no-listener. */
    @Test
    void powerdownForAGuestThatNeverRegisteredOnlyEmitsPowerdown() {
        try (S390Harness h = S390Harness.running()) {
            h.io("s390_psw 0 0x0102000180000000 0x12340");
            h.systemPowerdown();
            assertThat(h.takeEvents()).containsExactly(PowerdownEvent.INSTANCE);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x0000 0x00000000");
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
            h.systemPowerdown();
            assertThat(h.takeEvents()).containsExactly(PowerdownEvent.INSTANCE);
            assertThat(h.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void anUnregisteredQuiesceStaysPendingAndShowsOnTheNextCompletionSignal() {
        try (S390Harness h = S390Harness.running()) {
            h.systemPowerdown();
            assertThat(h.s390.quiescePending()).isTrue();
            registerForQuiesce(h);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00021001");
        }
    }

    @Test
    void pendingServiceSignalsMerge() {
        try (S390Harness h = S390Harness.running()) {
            registerForQuiesce(h);
            readEventData(h);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00023000");
        }
    }
}
