package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.runstate.device.IoRegion;
import org.runstate.device.pci.PciFunction;
import org.runstate.device.pci.PciIdentity;

/** Bus 0 under {@code -M pc -nodefaults} and QEMU's generic type-0 semantics (facts §2, §4). */
class PcBus0FunctionsTest {
    private static final int[] IDENTITY_REGS = {0x00, 0x08, 0x0c, 0x2c, 0x3c};

    @RegisterExtension
    final PcRig pc = PcRig.startedBeforeEach();

    private long[] identity(final int devfn) {
        long[] out = new long[IDENTITY_REGS.length];
        for (int i = 0; i < IDENTITY_REGS.length; i++) {
            out[i] = pc.cfgReadl(devfn, IDENTITY_REGS[i]);
        }
        return out;
    }

    // ---- the facts table: 0x00, 0x08, 0x0c, 0x2c, 0x3c ------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        host bridge 00.0 identity matches the table                    | 0x00 | 0x12378086 0x06000002 0x00000000 0x11001af4 0x00000000
        PIIX3 ISA 01.0 identity is multifunction and matches the table | 0x08 | 0x70008086 0x06010000 0x00800000 0x11001af4 0x00000000
        PIIX3 IDE 01.1 identity matches the table                      | 0x09 | 0x70108086 0x01018000 0x00000000 0x11001af4 0x00000000
        PIIX4 PM 01.3 identity matches the table with interrupt pin 1  | 0x0b | 0x71138086 0x06800003 0x00000000 0x11001af4 0x00000100
        """)
    void identityMatchesTheTable(final String function, final String devfn, final String registers) {
        long[] expected = Arrays.stream(registers.split(" ")).mapToLong(Long::decode).toArray();
        assertThat(identity(Integer.decode(devfn))).containsExactly(expected);
    }

    // ---- the facts table: 0x04 (command/status) ----------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        host bridge command/status is zero at power-on | 0x00 | 0x00000000
        IDE command/status is 0x02800000 at power-on   | 0x09 | 0x02800000
        PM command/status is 0x02800000 at power-on    | 0x0b | 0x02800000
        """)
    void commandStatusAtPowerOn(final String function, final String devfn, final String commandStatus) {
        assertThat(pc.cfgReadl(Integer.decode(devfn), 0x04)).isEqualTo(Long.decode(commandStatus));
    }

    @Test
    void piix3CommandReadsZeroAfterSystemResetBecauseTheBusResetRunsAfterPiix3Reset() {
        pc.cfgWrite(PcRig.ISA, 0x04, 2, 0x0007);
        assertThat(pc.cfgRead(PcRig.ISA, 0x04, 2)).isEqualTo(0x0007L);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.ISA, 0x04)).isEqualTo(0x02000000L);
    }

    // ---- write masks ------------------------------------------------------------------------

    @Test
    void allOnesWrittenToIdeHeaderLandOnlyOnWritableBits() {
        int[] regs = {0x00, 0x04, 0x08, 0x0c, 0x10, 0x2c, 0x30, 0x3c, 0x40, 0xfc};
        for (int reg : regs) {
            pc.cfgWritel(PcRig.IDE, reg, 0xffffffffL);
        }
        assertThat(pc.cfgReadl(PcRig.IDE, 0x00)).isEqualTo(0x70108086L);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x04)).isEqualTo(0x02800507L);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x08)).isEqualTo(0x01018000L);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x0c)).isEqualTo(0x000000ffL);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x10)).isZero();
        assertThat(pc.cfgReadl(PcRig.IDE, 0x2c)).isEqualTo(0x11001af4L);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x30)).isZero();
        assertThat(pc.cfgReadl(PcRig.IDE, 0x3c)).isEqualTo(0x000000ffL);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x40)).isEqualTo(0xffffffffL);
        assertThat(pc.cfgReadl(PcRig.IDE, 0xfc)).isEqualTo(0xffffffffL);
    }

    @Test
    void commandWriteMaskIs0x0507() {
        pc.cfgWrite(PcRig.PM, 0x04, 2, 0xffff);
        assertThat(pc.cfgRead(PcRig.PM, 0x04, 2)).isEqualTo(0x0507L);
    }

    @Test
    void deviceSpecificSpace0x40To0xffIsFullyWritable() {
        for (int reg = 0x44; reg < 0x100; reg += 0x1c) {
            pc.cfgWritel(PcRig.IDE, reg, 0xa5a5a5a5L);
            assertThat(pc.cfgReadl(PcRig.IDE, reg)).as("reg 0x%02x", reg).isEqualTo(0xa5a5a5a5L);
        }
    }

    /** A dword of all ones written to a register lands only on its writable bits. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        latency timer, header type and BIST are read-only | 0x08 | 0x0c | 0x008000ff
        IDE BAR4 sizing reads 0xfffffff1                  | 0x09 | 0x20 | 0xfffffff1
        """)
    void allOnesWrittenKeepOnlyTheWritableBits(final String behaviour, final String devfn, final String register,
            final String readBack) {
        pc.cfgWritel(Integer.decode(devfn), Integer.decode(register), 0xffffffffL);
        assertThat(pc.cfgReadl(Integer.decode(devfn), Integer.decode(register))).isEqualTo(Long.decode(readBack));
    }

    @Test
    void interruptPinIsReadOnly() {
        pc.cfgWrite(PcRig.PM, 0x3c, 2, 0xffff);
        assertThat(pc.cfgReadl(PcRig.PM, 0x3c)).isEqualTo(0x000001ffL);
    }

    // ---- BARs ---------------------------------------------------------------------------------

    @Test
    void ideBar4ReadsIoTypeBitAtPowerOn() {
        assertThat(pc.cfgReadl(PcRig.IDE, 0x20)).isEqualTo(0x00000001L);
    }

    @Test
    void ideBar4DecodesOnlyWhileCommandIoBitIsSet() {
        pc.cfgWritel(PcRig.IDE, 0x20, 0xc001L);
        assertThat(bar4Mappings()).isEmpty();
        pc.cfgWrite(PcRig.IDE, 0x04, 2, 0x0001);
        assertThat(bar4Mappings()).containsExactly("0xc000+0x10");
        pc.cfgWrite(PcRig.IDE, 0x04, 2, 0x0002);
        assertThat(bar4Mappings()).isEmpty();
        assertThat(pc.inb(0xc000)).as("unassigned again").isEqualTo(0xffL);
    }

    private java.util.List<String> bar4Mappings() {
        return pc.platform.io().mappings().stream().filter(m -> m.name().endsWith("bar4"))
                .map(m -> "0x" + Long.toHexString(m.base()) + "+0x" + Long.toHexString(m.size())).toList();
    }

    @Test
    void ideBar4LeftAtItsSizingValueStaysUnmapped() {
        pc.cfgWritel(PcRig.IDE, 0x20, 0xffffffffL);
        pc.cfgWrite(PcRig.IDE, 0x04, 2, 0x0001);
        assertThat(bar4Mappings()).isEmpty();
        assertThat(pc.inb(0xfff0)).isEqualTo(0xffL);
    }

    // ---- reset ---------------------------------------------------------------------------------

    @Test
    void systemResetClearsCommandCacheLineInterruptLineAndBars() {
        pc.cfgWritel(PcRig.IDE, 0x20, 0xc001L);
        pc.cfgWritel(PcRig.IDE, 0x0c, 0x10L);
        pc.cfgWritel(PcRig.IDE, 0x3c, 0x0bL);
        pc.cfgWrite(PcRig.IDE, 0x04, 2, 0x0507);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.IDE, 0x04)).isEqualTo(0x02800000L);
        assertThat(pc.cfgReadl(PcRig.IDE, 0x0c)).isZero();
        assertThat(pc.cfgReadl(PcRig.IDE, 0x3c)).isZero();
        assertThat(pc.cfgReadl(PcRig.IDE, 0x20)).isEqualTo(0x00000001L);
        assertThat(bar4Mappings()).isEmpty();
    }

    @Test
    void systemResetLeavesDeviceSpecificRegistersOfIdeAlone() {
        pc.cfgWritel(PcRig.IDE, 0x40, 0x12345678L);
        pc.systemReset();
        assertThat(pc.cfgReadl(PcRig.IDE, 0x40)).isEqualTo(0x12345678L);
    }

    @Test
    void hostBridgeReportsRamSizeAndSmramAtPowerOn() {
        assertThat(pc.cfgRead(PcRig.HOST, 0x57, 1)).isEqualTo(0x10L);
        assertThat(pc.cfgRead(PcRig.HOST, 0x72, 1)).isEqualTo(0x02L);
        assertThat(pc.cfgReadl(PcRig.HOST, 0x58)).isZero();
        assertThat(pc.cfgReadl(PcRig.HOST, 0x5c)).isZero();
    }

    @Test
    void hostBridgePamAndDeviceSpaceSurviveSystemReset() {
        pc.cfgWrite(PcRig.HOST, 0x5a, 1, 0x33);
        pc.cfgWritel(PcRig.HOST, 0x80, 0xcafef00dL);
        pc.systemReset();
        assertThat(pc.cfgRead(PcRig.HOST, 0x5a, 1)).isEqualTo(0x33L);
        assertThat(pc.cfgReadl(PcRig.HOST, 0x80)).isEqualTo(0xcafef00dL);
    }

    @Test
    void piix3ResetRestoresItsRegistersAndKeepsTheOnesItDoesNotTouch() {
        for (int reg : new int[] {0x4c, 0x60, 0x68, 0x70, 0x74, 0x78, 0x80, 0x90, 0xa0, 0xa4, 0xa8, 0xac}) {
            pc.cfgWritel(PcRig.ISA, reg, 0xffffffffL);
        }
        pc.systemReset();
        assertThat(pc.cfgRead(PcRig.ISA, 0x4c, 1)).isEqualTo(0x4dL);
        assertThat(pc.cfgRead(PcRig.ISA, 0x4e, 1)).isEqualTo(0x03L);
        assertThat(pc.cfgReadl(PcRig.ISA, 0x60)).isEqualTo(0x80808080L);
        assertThat(pc.cfgRead(PcRig.ISA, 0x69, 1)).isEqualTo(0x02L);
        assertThat(pc.cfgRead(PcRig.ISA, 0x70, 1)).isEqualTo(0x80L);
        assertThat(pc.cfgRead(PcRig.ISA, 0x76, 2)).isEqualTo(0x0c0cL);
        assertThat(pc.cfgRead(PcRig.ISA, 0x78, 1)).isEqualTo(0x02L);
        assertThat(pc.cfgRead(PcRig.ISA, 0xa0, 1)).isEqualTo(0x08L);
        assertThat(pc.cfgRead(PcRig.ISA, 0xa8, 1)).isEqualTo(0x0fL);
        assertThat(pc.cfgReadl(PcRig.ISA, 0x80)).as("0x80, 0x82 reset; 0x81, 0x83 kept").isEqualTo(0xff00ff00L);
        assertThat(pc.cfgReadl(PcRig.ISA, 0xa4)).as("0xa4-0xa7 reset").isZero();
        assertThat(pc.cfgReadl(PcRig.ISA, 0xac)).as("0xac, 0xae reset; 0xad, 0xaf kept").isEqualTo(0xff00ff00L);
        assertThat(pc.cfgReadl(PcRig.ISA, 0x90)).isEqualTo(0xffffffffL);
        assertThat(pc.cfgReadl(PcRig.ISA, 0x04)).isEqualTo(0x02000000L);
    }

    // ---- placement --------------------------------------------------------------------------------

    private static PciFunction testFunction() {
        return new PciFunction("test", new PciIdentity(0x1b36, 0x0011, 0x01, 0x088000, 0,
                PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 0));
    }

    @Test
    void autoPlacedDevicesTakeSlot2ThenSlot3() {
        assertThat(pc.platform.plugPci(testFunction(), -1)).isEqualTo(0x10);
        assertThat(pc.platform.plugPci(testFunction(), -1)).isEqualTo(0x18);
        assertThat(pc.cfgReadl(0x10, 0x00)).isEqualTo(0x00111b36L);
        assertThat(pc.cfgReadl(0x18, 0x00)).isEqualTo(0x00111b36L);
    }

    @Test
    void coldPluggedFunctionIsVisibleWithoutFunction0() {
        pc.platform.plugPci(testFunction(), 0x11);
        assertThat(pc.cfgReadl(0x10, 0x00)).isEqualTo(0xffffffffL);
        assertThat(pc.cfgReadl(0x11, 0x00)).isEqualTo(0x00111b36L);
    }

    @Test
    void memoryBarIsMappedOnlyWithCommandMemoryBitAndANonZeroAddress() {
        IoRegion three = new IoRegion() {
            @Override
            public long read(final long offset, final int size) {
                return 3;
            }

            @Override
            public void write(final long offset, final int size, final long value) {
            }

            @Override
            public int maxAccessSize() {
                return 1;
            }
        };
        PciFunction dev = new PciFunction("pvpanic-pci-like", new PciIdentity(0x1b36, 0x0011, 0x01, 0x088000, 0,
                PciIdentity.QEMU_SUBSYSTEM_VENDOR, PciIdentity.QEMU_SUBSYSTEM_ID, 0)) {
            {
                addBar(0, false, 2, three);
            }
        };
        int devfn = pc.platform.plugPci(dev, -1);
        pc.cfgWritel(devfn, 0x10, 0xffffffffL);
        assertThat(pc.cfgReadl(devfn, 0x10)).isEqualTo(0xfffffffeL);
        pc.cfgWrite(devfn, 0x04, 2, 0x0002);
        assertThat(pc.platform.memory().read(0xfffffffeL, 1)).as("sizing value stays unmapped").isZero();
        pc.cfgWritel(devfn, 0x10, 0xfe001000L);
        pc.cfgWrite(devfn, 0x04, 2, 0x0001);
        assertThat(pc.platform.memory().read(0xfe001000L, 1)).as("command 1").isZero();
        pc.cfgWrite(devfn, 0x04, 2, 0x0002);
        assertThat(pc.platform.memory().read(0xfe001000L, 1)).isEqualTo(3L);
        assertThat(pc.platform.memory().read(0xfe001000L, 2)).isEqualTo(0x0303L);
        assertThat(pc.platform.memory().read(0xfe001000L, 4)).isEqualTo(0x03030303L);
    }
}
