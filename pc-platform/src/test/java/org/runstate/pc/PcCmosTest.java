package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
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

    @Test
    void defaultMachine() {
        assertThat(cmos(1, 128 * MIB, "cad", null, true)).isEqualTo(Map.of(
                0x14, 0x06, 0x15, 0x80, 0x16, 0x02, 0x17, 0xff, 0x18, 0xff, 0x30, 0xff, 0x31, 0xff, 0x35, 0x07,
                0x38, 0x30, 0x3d, 0x12));
    }

    @Test
    void fourGigabytesFourCpusBootNdaNoFdBootchk() {
        assertThat(cmos(4, 4096 * MIB, "nda", null, false)).isEqualTo(Map.ofEntries(
                Map.entry(0x14, 0x06), Map.entry(0x15, 0x80), Map.entry(0x16, 0x02), Map.entry(0x17, 0xff),
                Map.entry(0x18, 0xff), Map.entry(0x30, 0xff), Map.entry(0x31, 0xff), Map.entry(0x35, 0xbf),
                Map.entry(0x38, 0x11), Map.entry(0x3d, 0x34), Map.entry(0x5c, 0x40), Map.entry(0x5f, 0x03)));
    }

    @Test
    void ramFromThreeAndAHalfGigabytesOnIsSplitAtThree() {
        assertThat(cmos(2, 3600 * MIB, "cad", null, true)).isEqualTo(Map.ofEntries(
                Map.entry(0x14, 0x06), Map.entry(0x15, 0x80), Map.entry(0x16, 0x02), Map.entry(0x17, 0xff),
                Map.entry(0x18, 0xff), Map.entry(0x30, 0xff), Map.entry(0x31, 0xff), Map.entry(0x35, 0xbf),
                Map.entry(0x38, 0x30), Map.entry(0x3d, 0x12), Map.entry(0x5c, 0x21), Map.entry(0x5f, 0x01)));
    }

    @Test
    void oneMegabyteAndABootOnce() {
        assertThat(cmos(1, MIB, "c", "d", true)).isEqualTo(Map.of(0x14, 0x06, 0x15, 0x80, 0x16, 0x02, 0x3d, 0x03));
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
