package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Config registers 0x60 (word) and 0x68 (byte), decoded only at their exact width; other widths
 * reach the generic config space, where 0x40-0xff are plain storage (devices.md §1.3, and QEMU
 * 7.2.22 observed: a dword write of all ones to 0x60 reads back as a dword but not as a word).
 */
class ConfigRegistersTest {
    @ParameterizedTest(name = "0x60 <- 0x{0} reads 0x{1}")
    @CsvSource({"0003, 0001", "0023, 0021", "0012, 0010", "0004, 0004", "0037, 0035", "ffff, 0035", "0000, 0000"})
    void configRegisterKeepsQemusMasks(final String written, final String readBack) {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.cfgWrite(0x60, 2, Integer.parseInt(written, 16));
            assertThat(h.cfgRead(0x60, 2)).isEqualTo(Integer.parseInt(readBack, 16));
        }
    }

    /** QEMU decodes each register at its own width only: reads of other widths see the zeroed storage. */
    @ParameterizedTest(name = "{0} is not visible to other widths")
    @CsvSource(delimiter = '|', textBlock = """
        the config register (word at 0x60) | 0x60 | 2 | 0x0003 | 4 1
        the lock register (byte at 0x68)   | 0x68 | 1 | 0x06   | 2 4
        """)
    void aRegisterIsNotVisibleToOtherWidths(final String register, final String offset, final int width,
            final String value, final String otherWidths) {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.cfgWrite(Integer.decode(offset), width, Long.decode(value));
            for (String other : otherWidths.split(" ")) {
                assertThat(h.cfgRead(Integer.decode(offset), Integer.parseInt(other))).as("width " + other).isZero();
            }
        }
    }

    @Test
    void otherWidthsAt0x60AreGenericStorage() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.cfgWrite(0x60, 4, 0xffffffffL);
            assertThat(h.cfgRead(0x60, 4)).isEqualTo(0xffffffffL);
            assertThat(h.cfgRead(0x60, 2)).isZero(); // the register itself was not written
            assertThat(h.cfgRead(0x60, 1)).isEqualTo(0xffL);
            assertThat(h.cfgRead(0x62, 2)).isEqualTo(0xffffL);
            h.cfgWrite(0x60, 1, 0x04);
            assertThat(h.cfgRead(0x60, 4)).isEqualTo(0xffffff04L);
            assertThat(h.cfgRead(0x60, 2)).isZero();
        }
    }

    @Test
    void lockRegisterReadsBackItsThreeBits() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.writeLock(0x06);
            assertThat(h.lockRegister()).isEqualTo(0x06);
            h.writeLock(0xf8 | 0x04);
            assertThat(h.lockRegister()).isEqualTo(0x04); // enable dropped, other bits discarded
        }
    }

    @Test
    void otherWidthsAt0x68NeitherEnableNorLock() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.cfgWrite(0x68, 4, 0xa5a5a5a5L);
            h.cfgWrite(0x68, 2, 0x0003);
            assertThat(h.lockRegister()).isZero();
            assertThat(h.device.deadlineNs()).isEqualTo(-1);
            assertThat(h.cfgRead(0x68, 4)).isEqualTo(0xa5a50003L);
        }
    }

    @Test
    void theOldDownCounterAt0x64IsNotModelled() {
        try (EsbHarness h = EsbHarness.stepped().withBarMapped()) {
            h.arm(100, 100);
            h.step(1_000_000);
            assertThat(h.cfgRead(0x64, 4)).isZero();
        }
    }

    @Test
    void genericBytesSurviveAResetButTheRegistersDoNot() {
        try (EsbHarness h = EsbHarness.stepped()) {
            h.cfgWrite(0x64, 4, 0x12345678L);
            h.cfgWrite(0x60, 2, 0x0024);
            h.writeLock(0x04);
            h.qmp(() -> h.machine.commands().systemReset());
            assertThat(h.cfgRead(0x64, 4)).isEqualTo(0x12345678L);
            assertThat(h.cfgRead(0x60, 2)).isZero();
            assertThat(h.lockRegister()).isZero();
        }
    }

    @Test
    void changingTheScaleDoesNotRetimeARunningCountdown() {
        try (EsbHarness h = EsbHarness.stepped().withBarMapped()) {
            h.arm(10, 10);
            long deadline = h.device.deadlineNs();
            h.cfgWrite(0x60, 2, 0x0004);
            assertThat(h.device.deadlineNs()).isEqualTo(deadline);
            h.ping();
            assertThat(h.device.deadlineNs()).isEqualTo(h.now() + 10 * 960L); // the next restart uses it
        }
    }
}
