package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;

/** The PIIX3 reset control register at 0xCF9 and port 0x92 (facts §5). */
class PcGuestResetPathsTest {
    private static final ResetEvent GUEST_RESET = new ResetEvent(true, ShutdownCause.GUEST_RESET);

    @Test
    void rcrStoresBit1() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0xcf9, 0x02);
            assertThat(pc.inb(0xcf9)).isEqualTo(0x02L);
        }
    }

    @Test
    void rcrDropsBits0And3() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0xcf9, 0x0b);
            assertThat(pc.inb(0xcf9)).isEqualTo(0x02L);
            pc.outb(0xcf9, 0x01);
            assertThat(pc.inb(0xcf9)).isZero();
            assertThat(pc.events()).isEmpty();
        }
    }

    @Test
    void rcrWordReadIsTwoByteReads() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0xcf9, 0x02);
            assertThat(pc.inw(0xcf9)).isEqualTo(0x0202L);
        }
    }

    @Test
    void rcrWordWriteIsLowByteThenHighByte() {
        try (PcRig pc = PcRig.start()) {
            pc.outw(0xcf9, 0x0002); // low byte stores 2, then the high byte 0 stores 0
            assertThat(pc.inb(0xcf9)).isZero();
            pc.outw(0xcf9, 0x0200);
            assertThat(pc.inb(0xcf9)).isEqualTo(0x02L);
        }
    }

    @Test
    void rcrBit2RequestsGuestResetAndTheRegisterReadsZeroAfterwards() {
        for (int value : new int[] {0x04, 0x06}) {
            try (PcRig pc = PcRig.start()) {
                pc.outb(0xcf9, 0x02);
                pc.outb(0xcf9, value);
                assertThat(pc.awaitEvents(1)).as("outb 0x%x", value).containsExactly(GUEST_RESET);
                assertThat(pc.state()).isEqualTo(RunState.RUNNING);
                assertThat(pc.inb(0xcf9)).isZero();
            }
        }
    }

    @Test
    void rcrResetWithNoRebootIsAGuestResetShutdownAndExitsZero() {
        try (PcRig pc = PcRig.start(b -> b.actions(new ActionCommandLine().noReboot().toCommand()))) {
            pc.outb(0xcf9, 0x06);
            List<RunStateEvent> events = pc.awaitEvents(1);
            assertThat(events).containsExactly(new ShutdownEvent(true, ShutdownCause.GUEST_RESET));
            assertThat(pc.awaitTermination().exitStatus()).isZero();
        }
    }

    @Test
    void port92Bit0RisingEdgeRequestsGuestReset() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0x92, 0x01);
            assertThat(pc.awaitEvents(1)).containsExactly(GUEST_RESET);
        }
    }

    @Test
    void port92ResetClearsOnlyBit0() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0x92, 0x03);
            pc.awaitEvents(1);
            assertThat(pc.inb(0x92)).isEqualTo(0x02L);
        }
    }

    @Test
    void port92A20OnlyWriteIsStoredAndDoesNotReset() {
        try (PcRig pc = PcRig.start()) {
            pc.outb(0x92, 0x02);
            assertThat(pc.inb(0x92)).isEqualTo(0x02L);
            pc.outb(0x92, 0x00);
            assertThat(pc.events()).isEmpty();
        }
    }
}
