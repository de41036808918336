package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.StopEvent;

/**
 * SERVICE CALL and DIAGNOSE 0x308 cases that raise a program interruption instead of completing
 * (no condition code, no service signal): the interruption code and instruction length go to
 * lowcore 0x8c, the old PSW to 0x150 and the program new PSW at 0x1d0 is loaded.
 */
class ProgramInterruptionTest {
    private static final long RUNNING_MASK = 0x0000000180000000L;

    @ParameterizedTest(name = "SCCB {0} -> program interruption {1}")
    @CsvSource({
        "0x1ff8, 0x0006", // in the first 8 KiB (prefix area at 0)
        "0x21004, 0x0006", // not doubleword aligned
        "0x8000000, 0x0005", // just past 128 MiB of RAM
    })
    void aBadSccbAddressRaisesAProgramInterruption(final String sccb, final String code) {
        try (S390Harness h = S390Harness.running()) {
            h.io("s390_psw 0 0x0000000180000000 0x20000");
            assertThat(h.io("s390_sclp 0 0x00780005 " + sccb)).isEqualTo("OK PGM " + code);
            assertThat(h.read(0x8c, 4)).isEqualTo(0x00040000L | Long.decode(code));
            assertThat(h.read(0x150, 8)).isEqualTo(RUNNING_MASK);
            assertThat(h.read(0x158, 8)).isEqualTo(0x20004);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x0000 0x00000000");
        }
    }

    @Test
    void anSccbAtOrAbove2GibIsASpecificationException() {
        try (S390Harness h = S390Harness.running(1, 3L << 30, a -> { })) {
            h.write(0x8000_0000L, 8, 0x001c000000000000L);
            assertThat(h.io("s390_sclp 0 0x00780005 0x80000000")).isEqualTo("OK PGM 0x0006");
        }
    }

    @Test
    void anSccbShorterThanItsHeaderIsASpecificationException() {
        try (S390Harness h = S390Harness.running()) {
            h.write(0x24000, 2, 7);
            assertThat(h.io("s390_sclp 0 0x00780005 0x24000")).isEqualTo("OK PGM 0x0006");
            assertThat(h.read(0x24006, 2)).isZero();
        }
    }

    @Test
    void aServiceCallInProblemStateIsAPrivilegedOperation() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h);
            h.io("s390_irq 0");
            h.io("s390_psw 0 0x0001000180000000 0x20000");
            h.write(0x21006, 2, 0);
            assertThat(h.io("s390_sclp 0 0x00780005 0x21000")).isEqualTo("OK PGM 0x0002");
            assertThat(h.read(0x21006, 2)).isZero();
        }
    }

    @Test
    void theProgramNewPswGoesThroughTheWaitRule() {
        try (S390Harness h = S390Harness.running(S390Harness.action("panic=pause"))) {
            h.write(0x1d0, 8, 0x0002000180000000L);
            h.write(0x1d8, 8, 0x600d);
            h.io("s390_sclp 0 0x00780005 0x1000");
            assertThat(h.takeEvents()).containsExactly(new GuestPanickedEvent(GuestPanicAction.PAUSE,
                    new GuestPanicInformationS390(0, 0x0002000180000000L, 0x600d, S390CrashReason.DISABLED_WAIT)),
                    StopEvent.INSTANCE);
        }
    }

    @Test
    void theEmbedderApiReturnsMinusTheInterruptionCode() {
        try (S390Harness h = S390Harness.running()) {
            int[] rc = new int[1];
            h.qmp(() -> rc[0] = h.s390.serviceCall(0, 0x00780005, 0x1000));
            assertThat(rc[0]).isEqualTo(-6);
        }
    }

    @Test
    void anUnknownDiag308SubcodeIsASpecificationException() {
        try (S390Harness h = S390Harness.running()) {
            assertThat(h.io("s390_diag308 0 2")).isEqualTo("OK PGM 0x0006");
            assertThat(h.takeEvents()).isEmpty();
        }
    }

    @Test
    void aDiag308SubcodeAbove0xffffIsASpecificationException() {
        try (S390Harness h = S390Harness.running()) {
            assertThat(h.io("s390_diag308 0 0x10003")).isEqualTo("OK PGM 0x0006");
            assertThat(h.takeEvents()).isEmpty();
        }
    }

    @Test
    void aDiag308InProblemStateIsAPrivilegedOperation() {
        try (S390Harness h = S390Harness.running()) {
            h.io("s390_psw 0 0x0001000180000000 0x20000");
            assertThat(h.io("s390_diag308 0 3")).isEqualTo("OK PGM 0x0002");
            assertThat(h.takeEvents()).isEmpty();
        }
    }
}
