package org.runstate.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** State that depends on QEMU's power-on reset and on what a reset leaves alone. */
class PcPowerOnStateTest {
    @Test
    void piix3CommandReadsZeroAtPowerOnBecauseQemuResetsTheMachineOnceAtCreation() {
        try (PcRig rig = PcRig.start()) {
            assertThat(rig.cfgReadl(0x08, 0x04)).isEqualTo(0x02000000L);
        }
    }

    @Test
    void theConfigAddressLatchSurvivesASystemReset() {
        try (PcRig rig = PcRig.start()) {
            rig.outl(0xcf8, 0x80000b40L);
            rig.systemReset();
            assertThat(rig.inl(0xcf8)).isEqualTo(0x80000b40L);
        }
    }

    @Test
    void theConfigAddressLatchSurvivesAnS3Wakeup() {
        try (PcRig rig = PcRig.start()) {
            rig.enablePmAt(0x600);
            rig.outw(0x604, 0x2400);
            rig.awaitEvents(1);
            rig.outl(0xcf8, 0x80000b40L);
            rig.systemWakeup();
            assertThat(rig.inl(0xcf8)).isEqualTo(0x80000b40L);
        }
    }
}
