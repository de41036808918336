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

    @Test
    void endiannessIsLittleOnThePc() {
        rig = QtestRig.pc();
        assertThat(rig.send("endianness")).isEqualTo("OK little");
    }

    @Test
    void endiannessIsBigOnS390() {
        rig = QtestRig.with(new S390GuestIo(new S390Machine(1, 128L << 20)));
        assertThat(rig.send("endianness")).isEqualTo("OK big");
    }

    @Test
    void untouchedRamReadsAsZeros() {
        rig = QtestRig.pc();
        assertThat(rig.send("read 0x7fffffc 0x4")).isEqualTo("OK 0x00000000");
    }

    @Test
    void bytesWrittenToRamReadBackAsLowercaseHex() {
        rig = QtestRig.pc();
        assertThat(rig.send("write 0x100000 0x8 0x0123456789abcdef")).isEqualTo("OK");
        assertThat(rig.send("read 0x100000 0x8")).isEqualTo("OK 0x0123456789abcdef");
        assertThat(rig.send("read 0x100003 3")).isEqualTo("OK 0x6789ab");
    }

    @Test
    void byteTransfersAndWordAccessesSeeTheSameLittleEndianRam() {
        rig = QtestRig.pc();
        rig.send("write 0x2000 4 0x01020344");
        assertThat(rig.send("readl 0x2000")).isEqualTo("OK 0x0000000044030201");
        assertThat(rig.send("readw 0x2001")).isEqualTo("OK 0x0000000000000302");
        rig.send("writeq 0x3000 0x1122334455667788");
        assertThat(rig.send("read 0x3000 8")).isEqualTo("OK 0x8877665544332211");
        rig.send("writeb 0x3003 0xff");
        assertThat(rig.send("readq 0x3000")).isEqualTo("OK 0x11223344ff667788");
    }

    @Test
    void b64WriteThenB64ReadRoundTrips() {
        rig = QtestRig.pc();
        assertThat(rig.send("b64write 0x4000 0x5 AAECAwQ=")).isEqualTo("OK");
        assertThat(rig.send("b64read 0x4000 0x5")).isEqualTo("OK AAECAwQ=");
        assertThat(rig.send("read 0x4000 0x5")).isEqualTo("OK 0x0001020304");
    }

    @Test
    void b64ReadOfRamWrittenWithWriteIsPaddedBase64() {
        rig = QtestRig.pc();
        rig.send("write 0x1000 2 0xff00");
        assertThat(rig.send("b64read 0x1000 3")).isEqualTo("OK /wAA");
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
        rig = QtestRig.pc();
        assertThat(rig.send("memset 0x5000 3 0x1234")).isEqualTo("OK");
        assertThat(rig.send("read 0x5000 4")).isEqualTo("OK 0x34343400");
    }

    @Test
    void memsetOfZeroBytesWritesNothing() {
        rig = QtestRig.pc();
        assertThat(rig.send("memset 0x5000 0 0x12")).isEqualTo("OK");
        assertThat(rig.send("read 0x5000 1")).isEqualTo("OK 0x00");
    }

    @Test
    void memsetOfAllRamAllocatesNoPagesForZeros() {
        rig = QtestRig.pc();
        assertThat(rig.send("memset 0 0x8000000 0")).isEqualTo("OK");
        assertThat(rig.platform.ram().allocatedPages()).isZero();
    }

    @Test
    void writeWithFewerDigitsThanBytesPadsWithZeros() {
        rig = QtestRig.pc();
        rig.send("memset 0x1000 4 0xee");
        assertThat(rig.send("write 0x1000 4 0x123")).isEqualTo("OK");
        assertThat(rig.send("read 0x1000 4")).as("the odd last digit is ignored").isEqualTo("OK 0x12000000");
    }

    @Test
    void writeDecodesNonHexDigitsAsQemuDoes() {
        rig = QtestRig.pc();
        rig.send("write 0x1000 2 0xzz12");
        assertThat(rig.send("read 0x1000 2")).isEqualTo("OK 0xff12");
        rig.send("write 0x1000 2 0x1z");
        assertThat(rig.send("read 0x1000 2")).isEqualTo("OK 0xff00");
        rig.send("write 0x1000 1 0xZ5");
        assertThat(rig.send("read 0x1000 1")).isEqualTo("OK 0xf5");
    }

    @Test
    void writeAndB64WriteWithUnderThreeCharactersOfDataAreInvalid() {
        rig = QtestRig.pc();
        assertThat(rig.send("write 0x1000 1 0x")).isEqualTo("ERR invalid argument size");
        assertThat(rig.send("b64write 0x1000 1 AQ")).isEqualTo("ERR invalid argument size");
        assertThat(rig.send("b64write 0x1000 0")).isEqualTo("ERR invalid argument size");
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
        rig = QtestRig.pc();
        assertThat(rig.send("read 0x1000 zz")).isEqualTo("ERR invalid arguments to 'read'");
        assertThat(rig.send("memset 0x1000")).isEqualTo("ERR invalid arguments to 'memset'");
    }

    @Test
    void ramCoversTheVgaWindowButNotTheLegacyRomWindow() {
        rig = QtestRig.pc();
        rig.send("write 0xa0000 2 0x1234");
        assertThat(rig.send("read 0xa0000 2")).isEqualTo("OK 0x1234");
        rig.send("write 0xbfffe 4 0x11223344");
        assertThat(rig.send("read 0xbfffc 8")).isEqualTo("OK 0x0000112200000000");
        rig.send("write 0xc0000 2 0x1234");
        assertThat(rig.send("read 0xc0000 2")).isEqualTo("OK 0x0000");
        rig.send("write 0x100000 2 0x1234");
        assertThat(rig.send("read 0x100000 2")).isEqualTo("OK 0x1234");
    }

    @Test
    void ramEndsAtItsSize() {
        rig = QtestRig.pc();
        rig.send("write 0x7fffffe 4 0x11223344");
        assertThat(rig.send("read 0x7fffffc 8")).isEqualTo("OK 0x0000112200000000");
    }

    @Test
    void ramFromThreeAndAHalfGibOnContinuesAtFourGib() {
        rig = QtestRig.pc(4L << 30, p -> { });
        rig.send("write 0xbffffffe 4 0x11223344");
        assertThat(rig.send("read 0xbffffffe 4")).as("RAM below 4 GiB ends at 3 GiB").isEqualTo("OK 0x11220000");
        rig.send("write 0x100000000 2 0x5566");
        assertThat(rig.send("read 0x100000000 2")).isEqualTo("OK 0x5566");
        rig.send("write 0x13ffffffe 4 0xaabbccdd");
        assertThat(rig.send("read 0x13ffffffe 4")).as("and ends at 5 GiB").isEqualTo("OK 0xaabb0000");
        assertThat(rig.platform.ram().load(0xc000_0000L, 2)).isEqualTo(0x6655L);
    }

    /** pvpanic-pci-test's lines: the 2-byte BAR at 0xe0000000 through libqtest's memread/memwrite. */
    @Test
    void readAndWriteReachAPvpanicPciBar() {
        rig = QtestRig.pc(128L << 20, p -> PvpanicPci.plug(p.machine(), p.pci(), 0x20, 3));
        rig.sendAll("outl 0xcf8 0x80002010", "outl 0xcfc 0xe0000000", "outl 0xcf8 0x80002004", "outw 0xcfc 0x7");
        assertThat(rig.send("read 0xe0000000 0x1")).isEqualTo("OK 0x03");
        assertThat(rig.send("write 0xe0000000 0x1 0x01")).isEqualTo("OK");
        assertThat(rig.machine.runState()).isEqualTo(RunState.GUEST_PANICKED);
    }

    @Test
    void aBarReadIsCutAsAddressSpaceReadCutsIt() {
        rig = QtestRig.pc(128L << 20, p -> PvpanicPci.plug(p.machine(), p.pci(), 0x20, 3));
        rig.sendAll("outl 0xcf8 0x80002010", "outl 0xcfc 0xe0000000", "outl 0xcf8 0x80002004", "outw 0xcfc 0x7");
        assertThat(rig.send("read 0xe0000000 2")).isEqualTo("OK 0x0303");
        assertThat(rig.send("read 0xe0000000 8")).isEqualTo("OK 0x0303030300000000");
        assertThat(rig.send("read 0xdfffffff 4")).isEqualTo("OK 0x00030300");
        assertThat(rig.send("read 0xe0000001 4")).isEqualTo("OK 0x03000000");
        assertThat(rig.send("b64read 0xe0000000 5")).isEqualTo("OK AwMDAwA=");
    }

    @Test
    void withoutABoardMemoryReadsZeroAndWritesVanish() {
        rig = QtestRig.with(GuestIo.UNASSIGNED);
        assertThat(rig.send("write 0 2 0x1234")).isEqualTo("OK");
        assertThat(rig.send("read 0 2")).isEqualTo("OK 0x0000");
        assertThat(rig.send("b64read 0 2")).isEqualTo("OK AAA=");
    }

    @Test
    void s390RamHoldsTheBytesAsWrittenAndReadsBigEndian() {
        rig = QtestRig.with(new S390GuestIo(new S390Machine(1, 128L << 20)));
        rig.send("write 0x1000 4 0x11223344");
        assertThat(rig.send("readl 0x1000")).isEqualTo("OK 0x0000000011223344");
        rig.send("memset 0x2000 2 0x7f");
        assertThat(rig.send("b64read 0x2000 2")).isEqualTo("OK f38=");
    }

    @Test
    void unknownCommandsStillFail() {
        rig = QtestRig.pc();
        assertThat(rig.send("frobnicate 1")).isEqualTo("FAIL Unknown command 'frobnicate'");
    }
}
