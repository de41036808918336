package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.runstate.pc.PcPlatform;
import org.runstate.pc.RtcConfig;
import org.runstate.core.qapi.RunState;

/**
 * The RTC through the qtest protocol, as QEMU's qtest programs drive it: IRQ 8 seen on the I/O APIC
 * and on the RTC's own output, time moved by clock_step, and the S3 wake-up by alarm.
 */
class QtestRtcTest {
    private final QtestRig rig = QtestRig.pc(new PcPlatform.Config(new RtcConfig(RtcConfig.Base.DATETIME,
            LocalDateTime.parse("2022-12-14T10:00:00").toEpochSecond(ZoneOffset.UTC), RtcConfig.ClockType.HOST,
            RtcConfig.LostTickPolicy.DISCARD), "cad", null, true, PcPlatform.rtcQomPath(1, true)));

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void updateEndedInterruptIsGsi8OnTheIoapic() {
        rig.send("irq_intercept_in ioapic");
        rig.sendAll("outb 0x70 0x0b", "outb 0x71 0x12");
        assertThat(rig.exchange("clock_step 1000000000")).containsExactly("IRQ raise 8", "OK 1000000000");
        rig.send("outb 0x70 0x0c");
        assertThat(rig.exchange("inb 0x71")).containsExactly("IRQ lower 8", "OK 0x0090");
    }

    @Test
    void theRtcResolvesByItsQomPathForItsOwnOutput() {
        rig.assertDialogue("""
                irq_intercept_out /machine/unattached/device[9] -> OK
                outb 0x70 0x0b
                outb 0x71 0x12
                """);
        assertThat(rig.exchange("clock_step 1000000000")).containsExactly("IRQ raise 0", "OK 1000000000");
    }

    @Test
    void timeRegistersFollowClockStep() {
        rig.assertDialogue("""
                outb 0x70 0x00
                inb 0x71 -> OK 0x0000
                clock_step 61000000000
                outb 0x70 0x00
                inb 0x71 -> OK 0x0001
                outb 0x70 0x02
                inb 0x71 -> OK 0x0001
                """);
    }

    @Test
    void anAlarmWakesTheGuestFromS3AndPm1StsReads0x8401() {
        rig.sendAll("outl 0xcf8 0x80000b40", "outl 0xcfc 0x601", "outl 0xcf8 0x80000b80", "outb 0xcfc 0x1",
                "outw 0x602 0x0400", // RTC_EN
                "outb 0x70 0x01", "outb 0x71 0x05", "outb 0x70 0x03", "outb 0x71 0x00", "outb 0x70 0x05",
                "outb 0x71 0x10", // alarm 10:00:05
                "outb 0x70 0x0b", "outb 0x71 0x22", // AIE
                "outw 0x604 0x2400");
        assertThat(rig.machine.runState()).isEqualTo(RunState.SUSPENDED);
        rig.send("clock_step 4999999999");
        assertThat(rig.machine.runState()).isEqualTo(RunState.SUSPENDED);
        rig.send("clock_step 1");
        assertThat(rig.machine.runState()).isEqualTo(RunState.RUNNING);
        rig.assertDialogue("""
                outl 0xcf8 0x80000b40
                outl 0xcfc 0x601
                outl 0xcf8 0x80000b80
                outb 0xcfc 0x1
                inw 0x600 -> OK 0x8401
                outb 0x70 0x0f
                inb 0x71 -> OK 0x00fe
                """);
    }
}
