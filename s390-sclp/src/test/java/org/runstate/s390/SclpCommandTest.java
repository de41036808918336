package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SERVICE CALL response codes the scenarios never exercise, from QEMU 7.2's source
 * (hw/s390x/sclp.c, event-facility.c): each case is one guest SCCB.
 */
class SclpCommandTest {
    private static final long SCCB = 0x24000;

    private static int response(final S390Harness h) {
        return (int) h.read(SCCB + 6, 2);
    }

    /** A write-event-mask SCCB with mask length {@code length}; the cp-receive mask asks for quiesce. */
    private static void writeMaskSccb(final S390Harness h, final int length) {
        h.write(SCCB, 2, 12 + 4 * length);
        h.write(SCCB + 2, 4, 0);
        h.write(SCCB + 6, 2, 0);
        h.write(SCCB + 8, 2, 0);
        h.write(SCCB + 10, 2, length);
        for (int i = 0; i < 4 * length; i++) {
            h.write(SCCB + 12 + i, 1, 0);
        }
        if (length >= 4) {
            h.write(SCCB + 12, 4, 0x00000008);
        }
    }

    private static void readSccb(final S390Harness h, final int length, final int functionCode, final int control2) {
        h.write(SCCB, 2, length);
        h.write(SCCB + 2, 1, functionCode);
        h.write(SCCB + 3, 2, 0);
        h.write(SCCB + 5, 1, control2);
        h.write(SCCB + 6, 2, 0);
        h.write(SCCB + 8, 8, 0xffff_ffff_ffff_ffffL);
        h.write(SCCB + 16, 8, 0xffff_ffff_ffff_ffffL);
    }

    private static String call(final S390Harness h, final String command) {
        return h.io("s390_sclp 0 " + command + " 0x24000");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1022})
    void aMaskLengthOutside1To1021IsInvalid(final int length) {
        try (S390Harness h = S390Harness.running()) {
            writeMaskSccb(h, 4);
            h.write(SCCB + 10, 2, length);
            assertThat(call(h, "0x00780005")).isEqualTo("OK 0x0");
            assertThat(response(h)).isEqualTo(0x74f0);
            assertThat(h.s390.sclpReceiveMask()).isZero();
        }
    }

    @Test
    void anEightByteMaskIsAcceptedAndAnsweredInEightBytes() {
        try (S390Harness h = S390Harness.running()) {
            writeMaskSccb(h, 8);
            call(h, "0x00780005");
            assertThat(response(h)).isEqualTo(0x0020);
            assertThat(h.s390.sclpReceiveMask()).isEqualTo(0x0000000800000000L);
            assertThat(h.read(SCCB + 12 + 16, 8)).isZero();
            assertThat(h.read(SCCB + 12 + 24, 8)).isEqualTo(0x1000000800000000L);
        }
    }

    @Test
    void withoutAllowAllMaskSizesOnlyLengthFourIsValid() {
        try (S390Harness h = S390Harness.running()) {
            h.s390.setSclpAllowAllMaskSizes(false);
            writeMaskSccb(h, 8);
            call(h, "0x00780005");
            assertThat(response(h)).isEqualTo(0x74f0);
        }
    }

    @Test
    void aLaterMaskReplacesTheEarlierOne() {
        try (S390Harness h = S390Harness.running()) {
            writeMaskSccb(h, 4);
            call(h, "0x00780005");
            writeMaskSccb(h, 4);
            h.write(SCCB + 12, 4, 0x40000000); // messages only
            call(h, "0x00780005");
            assertThat(h.s390.sclpReceiveMask()).isEqualTo(0x4000000000000000L);
        }
    }

    @Test
    void readEventDataNeedsAFullPageSccb() {
        try (S390Harness h = S390Harness.running()) {
            readSccb(h, 0x0800, 0, 0);
            assertThat(call(h, "0x00770005")).isEqualTo("OK 0x0");
            assertThat(response(h)).isEqualTo(0x0300);
        }
    }

    @Test
    void readEventDataWithNothingToReadStoresNoBuffers() {
        try (S390Harness h = S390Harness.running()) {
            readSccb(h, 0x1000, 0, 0);
            call(h, "0x00770005");
            assertThat(response(h)).isEqualTo(0x60f0);
            assertThat(h.read(SCCB + 8, 2)).isZero(); // handle_sccb_read_events clears the first length
            assertThat(h.read(SCCB + 10, 2)).isEqualTo(0xffff);
        }
    }

    @Test
    void aVariableLengthResponseShrinksTheSccbToWhatWasStored() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h);
            h.systemPowerdown();
            readSccb(h, 0x1000, 0, 0x80);
            call(h, "0x00770005");
            assertThat(response(h)).isEqualTo(0x0020);
            assertThat(h.read(SCCB, 2)).isEqualTo(8 + 9);
            assertThat(h.read(SCCB + 5, 1)).isZero();
        }
    }

    @Test
    void aSelectiveReadWithoutAReceiveMaskIsAnInvalidSelection() {
        try (S390Harness h = S390Harness.running()) {
            readSccb(h, 0x1000, 1, 0);
            h.write(SCCB + 8, 4, 0x00000008);
            call(h, "0x00770005");
            assertThat(response(h)).isEqualTo(0x70f0);
        }
    }

    @Test
    void aSelectiveReadBeyondTheReceiveMaskIsAnInvalidSelection() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h);
            readSccb(h, 0x1000, 1, 0);
            h.write(SCCB + 8, 4, 0x10000008);
            call(h, "0x00770005");
            assertThat(response(h)).isEqualTo(0x70f0);
        }
    }

    @Test
    void aSelectiveReadWithinTheReceiveMaskReadsTheQuiesceEvent() {
        try (S390Harness h = S390Harness.running()) {
            SignalQuiesceTest.registerForQuiesce(h);
            h.systemPowerdown();
            readSccb(h, 0x1000, 1, 0);
            h.write(SCCB + 8, 8, 0x0000000800000000L);
            call(h, "0x00770005");
            assertThat(response(h)).isEqualTo(0x0020);
            // the flags byte still holds the selection mask's 0x08: QEMU ORs "accepted" into it
            assertThat(h.read(SCCB + 8, 4)).isEqualTo(0x00091d88L);
        }
    }

    @Test
    void anUnknownReadFunctionCodeIsAnInvalidFunction() {
        try (S390Harness h = S390Harness.running()) {
            readSccb(h, 0x1000, 2, 0);
            call(h, "0x00770005");
            assertThat(response(h)).isEqualTo(0x40f0);
        }
    }

    @Test
    void byteTwoOfTheCommandWordIsIgnored() {
        try (S390Harness h = S390Harness.running()) {
            readSccb(h, 0x0800, 0, 0);
            call(h, "0x00771105");
            assertThat(response(h)).isEqualTo(0x0300);
        }
    }

    @Test
    void anUnknownCommandIsAnsweredAndStillSignalled() {
        try (S390Harness h = S390Harness.running()) {
            readSccb(h, 0x1000, 0, 0);
            assertThat(call(h, "0x00990005")).isEqualTo("OK 0x0");
            assertThat(response(h)).isEqualTo(0x01f0);
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x2401 0x00024000");
        }
    }

    @Test
    void anSccbCrossingAPageIsABoundaryViolation() {
        try (S390Harness h = S390Harness.running()) {
            long sccb = 0x24ff8;
            h.write(sccb, 8, 0x001c000000000000L);
            h.write(sccb + 8, 8, 0x0000000400000008L);
            assertThat(h.io("s390_sclp 0 0x00780005 0x24ff8")).isEqualTo("OK 0x0");
            assertThat(h.read(sccb + 6, 2)).isEqualTo(0x0100);
            assertThat(h.s390.sclpReceiveMask()).isZero();
        }
    }

    @Test
    void writeEventDataFindsNoReceiverForAGuestBuffer() {
        try (S390Harness h = S390Harness.running()) {
            h.write(SCCB, 8, 0x0016000000000000L); // 8 + two 7-byte buffers
            h.write(SCCB + 8, 8, 0x0007028000000000L);
            h.write(SCCB + 15, 8, 0x0007028000000000L);
            call(h, "0x00760005");
            assertThat(response(h)).isEqualTo(0x40f0);
            assertThat(h.read(SCCB + 8 + 3, 1)).isEqualTo(0x80); // the failing buffer keeps its flag
            assertThat(h.read(SCCB + 15 + 3, 1)).isZero(); // the ones after it lose "accepted"
        }
    }

    @Test
    void writeEventDataWithABadBufferLengthIsASyntaxError() {
        try (S390Harness h = S390Harness.running()) {
            h.write(SCCB, 8, 0x0010000000000000L);
            h.write(SCCB + 8, 8, 0x0009020000000000L); // 9 bytes claimed, 8 present
            call(h, "0x00760005");
            assertThat(response(h)).isEqualTo(0x73f0);
        }
    }

    @Test
    void writeEventDataWithAFunctionCodeIsAnInvalidFunction() {
        try (S390Harness h = S390Harness.running()) {
            h.write(SCCB, 8, 0x0008010000000000L);
            call(h, "0x00760005");
            assertThat(response(h)).isEqualTo(0x40f0);
        }
    }

    @Test
    void aValidCommandTheModelLacksIsRefusedWithoutEffect() {
        try (S390Harness h = S390Harness.running()) {
            readSccb(h, 0x1000, 0, 0);
            assertThat(call(h, "0x00020001")).startsWith("ERR ");
            assertThat(response(h)).isZero();
            assertThat(h.io("s390_irq 0")).isEqualTo("OK 0x0000 0x00000000");
        }
    }
}
