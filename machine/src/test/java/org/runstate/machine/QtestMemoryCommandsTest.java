package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;
import org.runstate.panic.PvpanicPci;
import org.runstate.s390.S390Machine;

/**
 * libqtest's memory commands (read, write, b64read, b64write, memset) and endianness, as QEMU
 * 7.2's softmmu/qtest.c answers them. Where a test quotes a reply, it is what QEMU 7.2.22 sent
 * for the same lines on {@code -M pc -nodefaults}.
 */
class QtestMemoryCommandsTest {
    private QtestRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /** Starts {@code -M pc} and runs {@code dialogue} on it (see {@link QtestRig#assertDialogue}). */
    private void assertDialogueOnAPc(final String dialogue) {
        rig = QtestRig.pc();
        rig.assertDialogue(dialogue);
    }

    @Test
    void endiannessIsLittleOnThePc() {
        assertDialogueOnAPc("endianness -> OK little");
    }

    @Test
    void endiannessIsBigOnS390() {
        rig = QtestRig.with(new S390GuestIo(new S390Machine(1, 128L << 20)));
        assertThat(rig.send("endianness")).isEqualTo("OK big");
    }

    @Test
    void untouchedRamReadsAsZeros() {
        assertDialogueOnAPc("read 0x7fffffc 0x4 -> OK 0x00000000");
    }

    @Test
    void bytesWrittenToRamReadBackAsLowercaseHex() {
        assertDialogueOnAPc("""
                write 0x100000 0x8 0x0123456789abcdef -> OK
                read 0x100000 0x8 -> OK 0x0123456789abcdef
                read 0x100003 3 -> OK 0x6789ab
                """);
    }

    @Test
    void byteTransfersAndWordAccessesSeeTheSameLittleEndianRam() {
        assertDialogueOnAPc("""
                write 0x2000 4 0x01020344
                readl 0x2000 -> OK 0x0000000044030201
                readw 0x2001 -> OK 0x0000000000000302
                writeq 0x3000 0x1122334455667788
                read 0x3000 8 -> OK 0x8877665544332211
                writeb 0x3003 0xff
                readq 0x3000 -> OK 0x11223344ff667788
                """);
    }

    @Test
    void b64WriteThenB64ReadRoundTrips() {
        assertDialogueOnAPc("""
                b64write 0x4000 0x5 AAECAwQ= -> OK
                b64read 0x4000 0x5 -> OK AAECAwQ=
                read 0x4000 0x5 -> OK 0x0001020304
                """);
    }

    @Test
    void b64ReadOfRamWrittenWithWriteIsPaddedBase64() {
        assertDialogueOnAPc("""
                write 0x1000 2 0xff00
                b64read 0x1000 3 -> OK /wAA
                """);
    }

    @Test
    void b64ReadOfNothingIsOkWithEmptyText() {
        rig = QtestRig.pc();
        assertThat(rig.send("b64read 0 0")).isEqualTo("OK ");
    }

    @Test
    void b64WriteLongerThanItsDataWritesTheRestOfTheTextAndItsNul() {
        rig = QtestRig.pc();
        rig.send("memset 0x2000 8 0xee");
        rig.send("b64write 0x2000 6 AQID");
        assertThat(rig.send("read 0x2000 5")).as("3 decoded bytes, 'D', NUL").isEqualTo("OK 0x0102034400");
        assertThat(rig.send("read 0x2006 1")).isEqualTo("OK 0xee");
    }

    @Test
    void memsetFillsWithTheLowByteOfThePattern() {
        assertDialogueOnAPc("""
                memset 0x5000 3 0x1234 -> OK
                read 0x5000 4 -> OK 0x34343400
                """);
    }

    @Test
    void memsetOfZeroBytesWritesNothing() {
        assertDialogueOnAPc("""
                memset 0x5000 0 0x12 -> OK
                read 0x5000 1 -> OK 0x00
                """);
    }

    @Test
    void memsetOfAllRamAllocatesNoPagesForZeros() {
        assertDialogueOnAPc("memset 0 0x8000000 0 -> OK");
        assertThat(rig.platform.ram().allocatedPages()).isZero();
    }

    @Test
    void writeWithFewerDigitsThanBytesPadsWithZeros() {
        assertDialogueOnAPc("""
                memset 0x1000 4 0xee
                write 0x1000 4 0x123 -> OK
                """);
        assertThat(rig.send("read 0x1000 4")).as("the odd last digit is ignored").isEqualTo("OK 0x12000000");
    }

    @Test
    void writeDecodesNonHexDigitsAsQemuDoes() {
        assertDialogueOnAPc("""
                write 0x1000 2 0xzz12
                read 0x1000 2 -> OK 0xff12
                write 0x1000 2 0x1z
                read 0x1000 2 -> OK 0xff00
                write 0x1000 1 0xZ5
                read 0x1000 1 -> OK 0xf5
                """);
    }

    @Test
    void writeAndB64WriteWithUnderThreeCharactersOfDataAreInvalid() {
        assertDialogueOnAPc("""
                write 0x1000 1 0x -> ERR invalid argument size
                b64write 0x1000 1 AQ -> ERR invalid argument size
                b64write 0x1000 0 -> ERR invalid argument size
                """);
    }

    @Test
    void readOfZeroBytesIsAnErrorInsteadOfQemusAbort() {
        rig = QtestRig.pc();
        assertThat(rig.send("read 0 0")).startsWith("ERR ");
        assertThat(rig.send("endianness")).isEqualTo("OK little");
    }

    @Test
    void transfersOverTheLimitAreRefused() {
        rig = QtestRig.pc();
        assertThat(rig.send("read 0 0x1000001")).startsWith("ERR ");
        assertThat(rig.send("b64read 0 0xffffffffffffffff")).startsWith("ERR ");
        assertThat(rig.send("write 0 0x1000001 0x00")).startsWith("ERR ");
        assertThat(rig.send("read 0 0x1000000")).hasSize(3 + 2 + 2 * QtestProtocol.MAX_TRANSFER);
    }

    @Test
    void malformedNumbersAreInvalidArguments() {
        assertDialogueOnAPc("""
                read 0x1000 zz -> ERR invalid arguments to 'read'
                memset 0x1000 -> ERR invalid arguments to 'memset'
                """);
    }

    @Test
    void ramCoversTheVgaWindowButNotTheLegacyRomWindow() {
        assertDialogueOnAPc("""
                write 0xa0000 2 0x1234
                read 0xa0000 2 -> OK 0x1234
                write 0xbfffe 4 0x11223344
                read 0xbfffc 8 -> OK 0x0000112200000000
                write 0xc0000 2 0x1234
                read 0xc0000 2 -> OK 0x0000
                write 0x100000 2 0x1234
                read 0x100000 2 -> OK 0x1234
                """);
    }

    @Test
    void ramEndsAtItsSize() {
        assertDialogueOnAPc("""
                write 0x7fffffe 4 0x11223344
                read 0x7fffffc 8 -> OK 0x0000112200000000
                """);
    }

    @Test
    void ramFromThreeAndAHalfGibOnContinuesAtFourGib() {
        rig = QtestRig.pc(4L << 30, p -> { });
        rig.send("write 0xbffffffe 4 0x11223344");
        assertThat(rig.send("read 0xbffffffe 4")).as("RAM below 4 GiB ends at 3 GiB").isEqualTo("OK 0x11220000");
        rig.assertDialogue("""
                write 0x100000000 2 0x5566
                read 0x100000000 2 -> OK 0x5566
                write 0x13ffffffe 4 0xaabbccdd
                """);
        assertThat(rig.send("read 0x13ffffffe 4")).as("and ends at 5 GiB").isEqualTo("OK 0xaabb0000");
        assertThat(rig.platform.ram().load(0xc000_0000L, 2)).isEqualTo(0x6655L);
    }

    /** Starts {@code -M pc} with a pvpanic-pci at 04.0 and maps its BAR0 at 0xe0000000 (memory decoding on). */
    private void pcWithAPvpanicPciBarAt0xe0000000() {
        rig = QtestRig.pc(128L << 20, p -> PvpanicPci.plug(p.machine(), p.pci(), 0x20, 3));
        rig.sendAll("outl 0xcf8 0x80002010", "outl 0xcfc 0xe0000000", "outl 0xcf8 0x80002004", "outw 0xcfc 0x7");
    }

    /** pvpanic-pci-test's lines: the 2-byte BAR at 0xe0000000 through libqtest's memread/memwrite. */
    @Test
    void readAndWriteReachAPvpanicPciBar() {
        pcWithAPvpanicPciBarAt0xe0000000();
        rig.assertDialogue("""
                read 0xe0000000 0x1 -> OK 0x03
                write 0xe0000000 0x1 0x01 -> OK
                """);
        assertThat(rig.machine.runState()).isEqualTo(RunState.GUEST_PANICKED);
    }

    @Test
    void aBarReadIsCutAsAddressSpaceReadCutsIt() {
        pcWithAPvpanicPciBarAt0xe0000000();
        rig.assertDialogue("""
                read 0xe0000000 2 -> OK 0x0303
                read 0xe0000000 8 -> OK 0x0303030300000000
                read 0xdfffffff 4 -> OK 0x00030300
                read 0xe0000001 4 -> OK 0x03000000
                b64read 0xe0000000 5 -> OK AwMDAwA=
                """);
    }

    @Test
    void withoutABoardMemoryReadsZeroAndWritesVanish() {
        rig = QtestRig.with(GuestIo.UNASSIGNED);
        rig.assertDialogue("""
                write 0 2 0x1234 -> OK
                read 0 2 -> OK 0x0000
                b64read 0 2 -> OK AAA=
                """);
    }

    @Test
    void s390RamHoldsTheBytesAsWrittenAndReadsBigEndian() {
        rig = QtestRig.with(new S390GuestIo(new S390Machine(1, 128L << 20)));
        rig.assertDialogue("""
                write 0x1000 4 0x11223344
                readl 0x1000 -> OK 0x0000000011223344
                memset 0x2000 2 0x7f
                b64read 0x2000 2 -> OK f38=
                """);
    }

    @Test
    void unknownCommandsStillFail() {
        assertDialogueOnAPc("frobnicate 1 -> FAIL Unknown command 'frobnicate'");
    }
}
