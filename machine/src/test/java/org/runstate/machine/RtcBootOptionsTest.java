package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.testkit.LineClient;

/**
 * {@code -rtc}, {@code -boot} and {@code -no-fd-bootchk} reach the RTC and the CMOS, and are checked
 * with QEMU 7.2's messages (observed from qemu-system-x86_64 7.2.22).
 */
class RtcBootOptionsTest {
    @TempDir
    Path dir;

    /** Starts a qtest machine with these options, sends the lines, returns the last reply. */
    private String qtest(final String[] lines, final String... args) throws IOException {
        Path qt = dir.resolve("qt" + System.nanoTime() + ".sock");
        String[] all = new String[args.length + 5];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"-accel", "qtest", "-S", "-qtest", "unix:" + qt + ",server=on,wait=off"}, 0, all,
                args.length, 5);
        try (RunstateVm vm = RunstateVm.launch(all); LineClient c = LineClient.connect(qt)) {
            String reply = null;
            for (String l : lines) {
                c.send(l + "\n");
                reply = c.readLine();
            }
            return reply;
        }
    }

    private String bootOrder(final String... args) throws IOException {
        String b1 = qtest(new String[] {"outb 0x70 0x38", "inb 0x71"}, args);
        String b2 = qtest(new String[] {"outb 0x70 0x3d", "inb 0x71"}, args);
        return b2.substring(b2.length() - 2) + b1.substring(b1.length() - 2);
    }

    @Test
    void bootOrderBytesAreBootOrderTestsPcCases() throws IOException {
        assertThat(bootOrder()).isEqualTo("1230");
        assertThat(bootOrder("-no-fd-bootchk")).isEqualTo("1231");
        assertThat(bootOrder("-boot", "c")).isEqualTo("0200");
        assertThat(bootOrder("-boot", "nda")).isEqualTo("3410");
        assertThat(bootOrder("-boot", "order=")).isEqualTo("0000");
        assertThat(bootOrder("-boot", "once=a,order=c")).isEqualTo("0100");
        assertThat(bootOrder("-boot", "once=a", "-boot", "once=b", "-boot", "once=c")).isEqualTo("0200");
    }

    @Test
    void rtcBaseDateAndClockVmSetTheStartingTime() throws IOException {
        assertThat(qtest(new String[] {"outb 0x70 0x09", "inb 0x71"}, "-rtc", "base=1999-12-31")).isEqualTo("OK 0x0099");
        assertThat(qtest(new String[] {"outb 0x70 0x32", "inb 0x71"}, "-rtc", "base=1999-12-31")).isEqualTo("OK 0x0019");
        assertThat(qtest(new String[] {"clock_step 2000000000", "outb 0x70 0x00", "inb 0x71"},
                "-rtc", "base=2006-06-17T16:01:21,clock=vm")).isEqualTo("OK 0x0023");
        assertThat(qtest(new String[] {"outb 0x70 0x04", "inb 0x71"}, "-rtc", "base=2006-06-17T16:01")).as(
                "a partial time is the date at midnight, as sscanf has it").isEqualTo("OK 0x0000");
    }

    @Test
    void badRtcOptionsFailAsInQemu() {
        assertThatThrownBy(() -> RunstateVm.launch("-rtc", "base=foo")).hasMessage(
                "invalid datetime format\nvalid formats: '2006-06-17T16:01:21' or '2006-06-17'");
        assertThatThrownBy(() -> RunstateVm.launch("-rtc", "base=1969-12-31T23:59:59"))
                .hasMessageStartingWith("invalid datetime format");
        assertThatThrownBy(() -> RunstateVm.launch("-rtc", "clock=xx")).hasMessage("invalid option value 'xx'");
        assertThatThrownBy(() -> RunstateVm.launch("-rtc", "driftfix=xx")).hasMessage("invalid option value 'xx'");
        assertThatThrownBy(() -> RunstateVm.launch("-rtc", "foo=1")).hasMessage("-rtc foo=1: Invalid parameter 'foo'");
    }

    @Test
    void badBootOptionsFailAsInQemu() {
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "q")).hasMessage("Invalid boot device 'q'");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "cc")).hasMessage("Boot device 'c' was given twice");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "cadn")).hasMessage("Too many boot devices for PC");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "once=cadn")).hasMessage("Too many boot devices for PC");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "order=ca,once=e"))
                .hasMessage("Invalid boot device for PC: 'e'");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "menu=xyz"))
                .hasMessage("Parameter 'boot.menu' expects 'on' or 'off'");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "splash-time=abc"))
                .hasMessage("Parameter 'boot.splash-time' expects integer");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "foo=1,menu=x"))
                .hasMessage("Parameter 'boot.menu' expects 'on' or 'off'");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "foo=1")).hasMessage("Parameter 'boot.foo' is unexpected");
        assertThatThrownBy(() -> RunstateVm.launch("-boot", "reboot-timeout=-5"))
                .hasMessage("reboot timeout is invalid,it should be a value between -1 and 65535");
    }
}
