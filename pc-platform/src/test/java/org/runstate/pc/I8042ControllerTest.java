package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ShutdownCause;

/** The i8042 at 0x60/0x64 (facts §6, observed sequence). */
class I8042ControllerTest {
    private static final ResetEvent GUEST_RESET = new ResetEvent(true, ShutdownCause.GUEST_RESET);

    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    /** Writes {@code command} to the command port and reads the byte it queued from the data port. */
    private long answerTo(final int command) {
        pc.outb(0x64, command);
        return pc.inb(0x60);
    }

    /** Command 0xd1 and its data byte: writes the output port (bit 0 is the reset line, active low). */
    private void writeOutputPort(final int value) {
        pc.outb(0x64, 0xd1);
        pc.outb(0x60, value);
    }

    @Test
    void statusIs0x18AndDataReadsZeroAtPowerOn() {
        assertThat(pc.inb(0x64)).isEqualTo(0x18L);
        assertThat(pc.inb(0x60)).isZero();
    }

    /** A command that answers queues its byte: OBF (bit 0) is set until the data port is read. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        command 0x20 queues mode byte 0x03 with OBF          | 0x20 | 0x19 | 0x03 | 0x18
        self-test 0xaa queues 0x55 with OBF and sets SYS bit | 0xaa | 0x1d | 0x55 | 0x1c
        """)
    void aCommandQueuesItsAnswerWithObf(final String behaviour, final String command, final String statusQueued,
            final String answer, final String statusRead) {
        pc.outb(0x64, Integer.decode(command));
        assertThat(pc.inb(0x64)).isEqualTo(Long.decode(statusQueued));
        assertThat(pc.inb(0x60)).isEqualTo(Long.decode(answer));
        assertThat(pc.inb(0x64)).isEqualTo(Long.decode(statusRead));
    }

    @Test
    void command0xd0QueuesOutputPort0xcf() {
        assertThat(answerTo(0xd0)).isEqualTo(0xcfL);
    }

    @Test
    void dataReadWithNothingQueuedRepeatsTheLastByteRead() {
        pc.outb(0x64, 0xd0);
        pc.inb(0x60);
        assertThat(pc.inb(0x60)).isEqualTo(0xcfL);
        assertThat(pc.inb(0x64) & 1).isZero();
    }

    @Test
    void wordReadOfDataPortRepeatsTheByte() {
        pc.outb(0x64, 0xd0);
        pc.inb(0x60);
        assertThat(pc.inw(0x60)).isEqualTo(0xcfcfL);
    }

    @Test
    void commands0xa9And0xabQueueZeroAnd0xc0Queues0x80() {
        assertThat(answerTo(0xa9)).isZero();
        assertThat(answerTo(0xab)).isZero();
        assertThat(answerTo(0xc0)).isEqualTo(0x80L);
    }

    @Test
    void command0x60ThenDataByteSetsTheModeByte() {
        pc.outb(0x64, 0x60);
        pc.outb(0x60, 0x47);
        assertThat(answerTo(0x20)).isEqualTo(0x47L);
    }

    @Test
    void a20OffAndOnCommandsChangeOutputPortBit1() {
        pc.outb(0x64, 0xdd);
        assertThat(answerTo(0xd0)).isEqualTo(0xcdL);
        pc.outb(0x64, 0xdf);
        assertThat(answerTo(0xd0)).isEqualTo(0xcfL);
    }

    /** Pulse commands 0xf0-0xff with bit 0 clear pulse the reset line. */
    @ParameterizedTest(name = "pulse command {0} requests a guest reset")
    @ValueSource(strings = {"0xfe", "0xfc", "0xf0"})
    void aPulseCommandWithBit0ClearRequestsGuestReset(final String command) {
        pc.outb(0x64, Integer.decode(command));
        assertThat(pc.awaitEvents(1)).containsExactly(GUEST_RESET);
    }

    @Test
    void pulseCommandsWithBit0SetAreNoOps() {
        pc.outb(0x64, 0xff);
        pc.outb(0x64, 0xf1);
        assertThat(pc.events()).isEmpty();
        assertThat(pc.inb(0x64)).isEqualTo(0x18L);
    }

    @Test
    void outputPortWriteWithBit0ClearRequestsGuestReset() {
        writeOutputPort(0xce);
        assertThat(pc.awaitEvents(1)).containsExactly(GUEST_RESET);
    }

    @Test
    void outputPortWriteWithBit0SetDoesNotReset() {
        writeOutputPort(0xcd);
        assertThat(pc.events()).isEmpty();
        assertThat(answerTo(0xd0)).isEqualTo(0xcdL);
    }

    @Test
    void unknownCommandIsIgnored() {
        pc.outb(0x64, 0x12);
        assertThat(pc.inb(0x64)).isEqualTo(0x18L);
        assertThat(pc.events()).isEmpty();
    }

    @Test
    void resetRestoresStatus0x18AndKeepsTheStaleDataByte() {
        pc.outb(0x64, 0xaa);
        pc.outb(0x64, 0xd0);
        pc.inb(0x60); // 0x55
        pc.inb(0x60); // 0xcf
        pc.outb(0x64, 0x20); // still queued at reset
        pc.outb(0x64, 0xfe);
        pc.awaitEvents(1);
        assertThat(pc.inb(0x64)).isEqualTo(0x18L);
        assertThat(pc.inb(0x60)).isEqualTo(0xcfL);
    }

    @Test
    void resetRestoresModeByte0x03AndOutputPort0xcf() {
        pc.outb(0x64, 0x60);
        pc.outb(0x60, 0x00);
        pc.outb(0x64, 0xdd);
        pc.systemReset();
        assertThat(answerTo(0x20)).isEqualTo(0x03L);
        assertThat(answerTo(0xd0)).isEqualTo(0xcfL);
    }
}
