package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.clock.VirtualClock;

/**
 * The CMOS bytes the pc sets for its firmware from {@code -m}, {@code -smp} and {@code -boot}
 * (pc_cmos_init, set_boot_dev, x86_rtc_set_cpus_count). The expected bytes are what QEMU 7.2.22's
 * {@code -M pc -nodefaults} reads at 0x0e-0x7f for the same options (the non-zero ones; the time
 * registers left out).
 */
class PcCmosTest {
    private static final long MIB = 1L << 20;

    /** Starts a machine, reads every non-zero CMOS byte from 0x0e on (as vCPU 0), and ends it. */
    private static Map<Integer, Integer> cmos(final int cpus, final long ram, final String order, final String once,
            final boolean fdBootchk) {
        Machine m = Machine.builder().vcpus(cpus).clockMode(VirtualClock.Mode.STEPPED).wakeupSupported(true)
                .nmi(NmiHandler.ALL_VCPUS).build();
        PcPlatform p = PcPlatform.install(m, ram, new PcPlatform.Config(RtcConfig.defaults(), order, once, fdBootchk,
                PcPlatform.rtcQomPath(cpus, true)));
        try (m) {
            m.start();
            return nonZero(m, p);
        }
    }

    private static Map<Integer, Integer> nonZero(final Machine m, final PcPlatform p) {
        return m.submit(() -> {
            Map<Integer, Integer> out = new TreeMap<>();
            m.runAsVcpu(0, () -> {
                for (int reg = 0x0e; reg < 0x80; reg++) {
                    p.io().write(0x70, 1, reg);
                    int v = (int) p.io().read(0x71, 1);
                    if (v != 0 && reg != 0x32 && reg != 0x37) { // the century follows the date
                        out.put(reg, v);
                    }
                }
            });
            return out;
        }).join();
    }

    /** {@code pairs} as "register=value" in hex, separated by blanks. */
    private static Map<Integer, Integer> bytes(final String pairs) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (String pair : pairs.trim().split("\\s+")) {
            String[] rv = pair.split("=");
            out.put(Integer.parseInt(rv[0], 16), Integer.parseInt(rv[1], 16));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        the default machine                             | 1 | 128  | cad | - | true  | 14=06 15=80 16=02 17=ff 18=ff 30=ff 31=ff 35=07 38=30 3d=12
        4 GiB, 4 CPUs, boot order nda, no fd boot check | 4 | 4096 | nda | - | false | 14=06 15=80 16=02 17=ff 18=ff 30=ff 31=ff 35=bf 38=11 3d=34 5c=40 5f=03
        RAM from 3.5 GiB on is split at 3 GiB           | 2 | 3600 | cad | - | true  | 14=06 15=80 16=02 17=ff 18=ff 30=ff 31=ff 35=bf 38=30 3d=12 5c=21 5f=01
        one megabyte and a boot once                    | 1 | 1    | c   | d | true  | 14=06 15=80 16=02 3d=03
        """)
    void theNonZeroBytesAreQemus(final String options, final int cpus, final long ramMib, final String order,
            final String once, final boolean fdBootchk, final String expected) {
        assertThat(cmos(cpus, ramMib * MIB, order, once, fdBootchk)).isEqualTo(bytes(expected));
    }

    @Test
    void smallRamCountsExtendedMemoryInKibibytes() {
        // 32 MiB: 31 MiB above 1 MiB = 31744 KiB = 0x7c00; 16 MiB above 16 MiB = 256 blocks = 0x0100
        Map<Integer, Integer> c = cmos(1, 32 * MIB, "cad", null, true);
        assertThat(c).doesNotContainKey(0x17).containsEntry(0x18, 0x7c).containsEntry(0x31, 0x7c)
                .containsEntry(0x35, 0x01).doesNotContainKey(0x34);
    }

    @Test
    void bootOnceHoldsUntilTheFirstResetAfterStartThenTheOrderComesBack() {
        Machine m = Machine.builder().clockMode(VirtualClock.Mode.STEPPED).wakeupSupported(true)
                .nmi(NmiHandler.ALL_VCPUS).build();
        PcPlatform p = PcPlatform.install(m, 128 * MIB, new PcPlatform.Config(RtcConfig.defaults(), "cad", "a", true,
                PcPlatform.rtcQomPath(1, true)));
        try (m) {
            m.start();
            assertThat(nonZero(m, p)).containsEntry(0x3d, 0x01).doesNotContainKey(0x38);
            m.submit(() -> {
                m.commands().systemReset();
                return null;
            }).join();
            assertThat(nonZero(m, p)).containsEntry(0x3d, 0x12).containsEntry(0x38, 0x30);
            m.submit(() -> {
                p.rtc().setMemory(0x3d, 0x44);
                m.commands().systemReset();
                return null;
            }).join();
            assertThat(nonZero(m, p)).as("restored once only").containsEntry(0x3d, 0x44);
        }
    }

    @Test
    void bootOrdersThePcCannotTakeFailWithQemusMessages() {
        Machine m = Machine.builder().build();
        try (m) {
            assertThatThrownBy(() -> PcPlatform.install(m, 128 * MIB, new PcPlatform.Config(RtcConfig.defaults(),
                    "cadn", null, true, "/r"))).hasMessage("Too many boot devices for PC");
            assertThatThrownBy(() -> PcPlatform.install(m, 128 * MIB, new PcPlatform.Config(RtcConfig.defaults(),
                    "ce", null, true, "/r"))).hasMessage("Invalid boot device for PC: 'e'");
            assertThatThrownBy(() -> PcPlatform.install(m, 128 * MIB, new PcPlatform.Config(RtcConfig.defaults(),
                    "c", "abcd", true, "/r"))).hasMessage("Too many boot devices for PC");
        }
    }

    @Test
    void theCpuCountByteIsTheVcpusMinusOne() {
        assertThat(cmos(16, 128 * MIB, "cad", null, true)).containsEntry(0x5f, 0x0f);
    }
}
