package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The extension's line handling: which words are ours, number syntax, and ERR for bad input. */
class S390QtestTest {
    /** What the extension answers to {@code line} on a fresh running one-CPU machine. */
    private static String replyOfAOneCpuMachine(final String line) {
        try (S390Harness h = S390Harness.running()) {
            return h.io(line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"readb 0x0", "clock_step 10", "s390_unknown 0", "s390"})
    void otherCommandsAreLeftToTheCaller(final String line) {
        assertThat(replyOfAOneCpuMachine(line)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s390_psw 0 0x0102000180000000", "s390_psw 0 1 2 3", "s390_start", "s390_sclp 0 1",
        "s390_irq", "s390_diag308 0"})
    void aWrongArgumentCountIsAnError(final String line) {
        assertThat(replyOfAOneCpuMachine(line)).startsWith("ERR usage: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s390_psw 0 0x0102000180000000 zz", "s390_psw 0 0x 0x1", "s390_psw 0 12a 0x1",
        "s390_psw 0 0x10000000000000000 0", "s390_irq 0x"})
    void aMalformedNumberIsAnError(final String line) {
        assertThat(replyOfAOneCpuMachine(line)).startsWith("ERR invalid number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s390_psw 2 0x0002000180000000 0x12345", "s390_start 2", "s390_irq 2",
        "s390_sclp -1 0x00780005 0x21000", "s390_diag308 7 3"})
    void anUnknownCpuIsAnError(final String line) {
        try (S390Harness h = S390Harness.running(2, a -> { })) {
            assertThat(h.io(line)).startsWith("ERR no CPU");
            assertThat(h.takeEvents()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s390_sclp 1 0x00780005 0x21000", "s390_diag308 1 3"})
    void aStoppedCpuExecutesNothing(final String line) {
        try (S390Harness h = S390Harness.running(2, a -> { })) {
            assertThat(h.io(line)).isEqualTo("ERR CPU 1 is stopped and executes nothing");
            assertThat(h.takeEvents()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"74565, 74565", "0x12345, 74565", "0X12345, 74565", "022, 18", "0, 0", "-1, -1", "+7, 7"})
    void numbersAreReadLikeStrtoull(final String text, final long value) throws Exception {
        assertThat(S390Qtest.number(text)).isEqualTo(value);
    }

    @Test
    void aServiceCallAnswersItsConditionCodeAsOneHexDigit() {
        try (S390Harness h = S390Harness.running()) {
            assertThat(SignalQuiesceTest.registerForQuiesce(h)).isEqualTo("OK 0x0");
        }
    }

    @Test
    void withoutAMachineTheCommandsAreRefused() {
        S390Machine s390 = new S390Machine(1, S390Machine.DEFAULT_RAM_BYTES);
        assertThat(s390.qtest(new String[] {"s390_psw", "0", "0x0002000180000000", "0x12345"})).startsWith("ERR ");
        assertThatThrownBy(() -> s390.loadPsw(0, 0, 0)).isInstanceOf(IllegalStateException.class);
    }
}
