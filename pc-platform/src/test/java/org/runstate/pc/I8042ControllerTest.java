package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ShutdownCause;

/** The i8042 at 0x60/0x64 (facts §6, observed sequence). */
class I8042ControllerTest {
    private static final ResetEvent GUEST_RESET = new ResetEvent(true, ShutdownCause.GUEST_RESET);

    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    @Test
    void statusIs0x18AndDataReadsZeroAtPowerOn() {
        assertThat(pc.inb(0x64)).isEqualTo(0x18L);
        assertThat(pc.inb(0x60)).isZero();
    }

    @Test
    void command0x20QueuesModeByte0x03WithObf() {
        pc.outb(0x64, 0x20);
        assertThat(pc.inb(0x64)).isEqualTo(0x19L);
        assertThat(pc.inb(0x60)).isEqualTo(0x03L);
        assertThat(pc.inb(0x64)).isEqualTo(0x18L);
    }

    @Test
    void selfTest0xaaQueues0x55AndSetsSysBit() {
        pc.outb(0x64, 0xaa);
        assertThat(pc.inb(0x64)).isEqualTo(0x1dL);
        assertThat(pc.inb(0x60)).isEqualTo(0x55L);
        assertThat(pc.inb(0x64)).isEqualTo(0x1cL);
    }

    @Test
    void command0xd0QueuesOutputPort0xcf() {
        pc.outb(0x64, 0xd0);
        assertThat(pc.inb(0x60)).isEqualTo(0xcfL);
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
        pc.outb(0x64, 0xa9);
        assertThat(pc.inb(0x60)).isZero();
        pc.outb(0x64, 0xab);
        assertThat(pc.inb(0x60)).isZero();
        pc.outb(0x64, 0xc0);
        assertThat(pc.inb(0x60)).isEqualTo(0x80L);
    }

    @Test
    void command0x60ThenDataByteSetsTheModeByte() {
        pc.outb(0x64, 0x60);
        pc.outb(0x60, 0x47);
        pc.outb(0x64, 0x20);
        assertThat(pc.inb(0x60)).isEqualTo(0x47L);
    }

    @Test
    void a20OffAndOnCommandsChangeOutputPortBit1() {
        pc.outb(0x64, 0xdd);
        pc.outb(0x64, 0xd0);
        assertThat(pc.inb(0x60)).isEqualTo(0xcdL);
        pc.outb(0x64, 0xdf);
        pc.outb(0x64, 0xd0);
        assertThat(pc.inb(0x60)).isEqualTo(0xcfL);
    }

    @Test
    void pulseCommand0xfeRequestsGuestReset() {
        pc.outb(0x64, 0xfe);
        assertThat(pc.awaitEvents(1)).containsExactly(GUEST_RESET);
    }

    @Test
    void pulseCommand0xfcRequestsGuestReset() {
        pc.outb(0x64, 0xfc);
        assertThat(pc.awaitEvents(1)).containsExactly(GUEST_RESET);
    }

    @Test
    void pulseCommand0xf0RequestsGuestReset() {
        pc.outb(0x64, 0xf0);
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
        pc.outb(0x64, 0xd1);
        pc.outb(0x60, 0xce);
        assertThat(pc.awaitEvents(1)).containsExactly(GUEST_RESET);
    }

    @Test
    void outputPortWriteWithBit0SetDoesNotReset() {
        pc.outb(0x64, 0xd1);
        pc.outb(0x60, 0xcd);
        assertThat(pc.events()).isEmpty();
        pc.outb(0x64, 0xd0);
        assertThat(pc.inb(0x60)).isEqualTo(0xcdL);
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
        pc.outb(0x64, 0x20);
        assertThat(pc.inb(0x60)).isEqualTo(0x03L);
        pc.outb(0x64, 0xd0);
        assertThat(pc.inb(0x60)).isEqualTo(0xcfL);
    }
}
