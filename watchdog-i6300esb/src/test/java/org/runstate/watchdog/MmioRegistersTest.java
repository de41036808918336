package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BAR0: the unlock sequence, reload, preloads, the "rebooted" flag, access widths (devices.md §1.4). */
class MmioRegistersTest {
    private static final long RELOAD = EsbHarness.BAR + 0x0c;
    private static final long UNIT_1KHZ = 983_040L;
    private EsbHarness h;

    @BeforeEach
    void setUp() {
        h = EsbHarness.stepped("none");
        h.mapBar();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** Enables with preloads 10/10 and steps 1 µs so that a restart is distinguishable. */
    private long armAndAdvance() {
        h.arm(10, 10);
        long first = h.device.deadlineNs();
        h.step(1_000);
        return first;
    }

    @Test
    void pingAfterUnlockRestartsStageOne() {
        long first = armAndAdvance();
        h.ping();
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
    }

    @Test
    void pingWithoutUnlockIsIgnored() {
        long first = armAndAdvance();
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first);
    }

    @Test
    void unlockIsConsumedByOneWrite() {
        long first = armAndAdvance();
        h.ping();
        h.step(1_000);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
    }

    @Test
    void secondMagicWithoutTheFirstDoesNotUnlock() {
        long first = armAndAdvance();
        h.writeMem(RELOAD, 2, 0x86);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first);
    }

    @Test
    void strayLockedWriteBetweenTheMagicsDoesNotCancelTheSequence() {
        long first = armAndAdvance();
        h.writeMem(RELOAD, 2, 0x80);
        h.writeMem(EsbHarness.BAR, 2, 0x1234);
        h.writeMem(RELOAD, 2, 0x86);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
    }

    @Test
    void firstMagicRestartsTheSequenceEvenWhenUnlocked() {
        long first = armAndAdvance();
        h.unlock();
        h.writeMem(RELOAD, 2, 0x80); // back to state 1
        h.writeMem(RELOAD, 2, 0x100); // locked: ignored
        assertThat(h.device.deadlineNs()).isEqualTo(first);
        h.writeMem(RELOAD, 2, 0x86);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
    }

    @Test
    void secondMagicAsAPayloadJustConsumesTheUnlock() {
        long first = armAndAdvance();
        h.unlock();
        h.writeMem(RELOAD, 2, 0x86);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first);
    }

    @Test
    void byteWritesUnlockButCarryNoPayload() {
        long first = armAndAdvance();
        h.writeMem(RELOAD, 1, 0x80);
        h.writeMem(RELOAD, 1, 0x86);
        h.writeMem(RELOAD, 1, 0x00); // ignored, unlock kept
        h.writeMem(RELOAD + 1, 1, 0x01); // ignored, unlock kept
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
    }

    @Test
    void dwordWriteToTheReloadRegisterOnlyConsumesTheUnlock() {
        long first = armAndAdvance();
        h.unlock();
        h.writeMem(RELOAD, 4, 0x100);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first);
    }

    @Test
    void unlockedWordWriteElsewhereIsConsumedWithoutEffect() {
        long first = armAndAdvance();
        h.unlock();
        h.writeMem(EsbHarness.BAR, 2, 0x100);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first);
    }

    @Test
    void preloadsAre20BitsAndNeedDwordWrites() {
        h.unlock();
        h.writeMem(EsbHarness.BAR, 4, 0xfff00005L); // 20 bits kept: 5
        h.unlock();
        h.writeMem(EsbHarness.BAR + 4, 2, 0x0009); // a word write is consumed, timer 2 unchanged
        long t0 = h.now();
        h.writeLock(0x02);
        assertThat(h.device.deadlineNs()).isEqualTo(t0 + 5 * UNIT_1KHZ);
        h.step(5 * UNIT_1KHZ);
        assertThat(h.device.deadlineNs()).isEqualTo(t0 + 5 * UNIT_1KHZ + 0xFFFFFL * UNIT_1KHZ);
    }

    @Test
    void preloadWithoutUnlockIsIgnored() {
        h.writeMem(EsbHarness.BAR, 4, 7);
        long t0 = h.now();
        h.writeLock(0x02);
        assertThat(h.device.deadlineNs()).isEqualTo(t0 + 0xFFFFFL * UNIT_1KHZ);
    }

    @Test
    void newPreloadWaitsForTheNextRestart() {
        long first = armAndAdvance();
        h.setPreloads(20, 20);
        assertThat(h.device.deadlineNs()).isEqualTo(first);
        h.ping();
        assertThat(h.device.deadlineNs()).isEqualTo(h.now() + 20 * UNIT_1KHZ);
    }

    @Test
    void pingWhileDisabledDoesNothingButConsumesTheUnlock() {
        h.ping();
        assertThat(h.device.deadlineNs()).isEqualTo(-1);
        h.writeMem(RELOAD, 2, 0x100);
        h.writeLock(0x02);
        assertThat(h.lockRegister()).isEqualTo(0x02);
    }

    @Test
    void everyReadButTheReloadWordIsZero() {
        h.arm(0x12345, 0x54321);
        for (int off = 0; off < 16; off++) {
            assertThat(h.readMem(EsbHarness.BAR + off, 1)).as("readb +%d", off).isZero();
        }
        for (int off = 0; off < 16; off += 2) {
            assertThat(h.readMem(EsbHarness.BAR + off, 2)).as("readw +%d", off).isZero();
        }
        for (int off = 0; off < 16; off += 4) {
            assertThat(h.readMem(EsbHarness.BAR + off, 4)).as("readl +%d", off).isZero();
        }
    }

    @Test
    void rebootedFlagReadsAs0x1200OnlyAsAWordAt0x0c() {
        h.arm(1, 1);
        h.step(2 * UNIT_1KHZ);
        assertThat(h.readMem(RELOAD, 2)).isEqualTo(0x1200L);
        assertThat(h.readMem(RELOAD, 1)).isZero();
        assertThat(h.readMem(RELOAD, 4)).isZero();
        assertThat(h.readMem(RELOAD + 2, 2)).isZero();
    }

    @Test
    void readsDoNotDisturbTheUnlockSequence() {
        long first = armAndAdvance();
        h.writeMem(RELOAD, 2, 0x80);
        h.readMem(RELOAD, 2);
        h.writeMem(RELOAD, 2, 0x86);
        h.readMem(RELOAD, 4);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
    }

    @Test
    void bit9ClearsTheRebootedFlag() {
        h.arm(1, 1);
        h.step(2 * UNIT_1KHZ);
        h.unlock();
        h.writeMem(RELOAD, 2, 0x200);
        assertThat(h.readMem(RELOAD, 2)).isZero();
    }

    @Test
    void bit12ClearsTheRebootedFlagForOldLinux() {
        h.arm(1, 1);
        h.step(2 * UNIT_1KHZ);
        h.unlock();
        h.writeMem(RELOAD, 2, 0x1100);
        assertThat(h.readMem(RELOAD, 2)).isZero();
    }

    @Test
    void clearingTheFlagNeedsTheUnlock() {
        h.arm(1, 1);
        h.step(2 * UNIT_1KHZ);
        h.writeMem(RELOAD, 2, 0x0300);
        assertThat(h.readMem(RELOAD, 2)).isEqualTo(0x1200L);
    }

    @Test
    void rebootedFlagSurvivesSystemReset() {
        h.arm(1, 1);
        h.step(2 * UNIT_1KHZ);
        h.qmp(() -> h.machine.commands().systemReset());
        h.mapBar();
        assertThat(h.readMem(RELOAD, 2)).isEqualTo(0x1200L);
        assertThat(h.device.rebootedByWatchdog()).isTrue();
    }

    /** TCG splits an unaligned MMIO store into byte stores: 0x80 at 0x0C unlocks, one at 0x0B does not. */
    @Test
    void anUnalignedWordWriteIsByteWritesAndOnlyTheByteAtTheReloadRegisterCounts() {
        long first = armAndAdvance();
        h.writeMem(RELOAD - 1, 2, 0x80); // 0x80 to 0x0B, 0x00 to 0x0C: no unlock
        h.writeMem(RELOAD, 2, 0x86);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first);
        h.writeMem(RELOAD - 1, 2, 0x8000); // 0x00 to 0x0B, 0x80 to 0x0C: the first unlock step
        h.writeMem(RELOAD, 2, 0x86);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
    }

    /**
     * An 8-byte store to the 16-byte BAR goes through QEMU's subpage as two dword stores (the
     * device's valid maximum is 4), so 0x86 in its high dword is the second unlock step: the
     * recorded scenario wdt-quad-write-unlock.
     */
    @Test
    void aQuadWriteIsTwoDwordWritesSoItCanCompleteTheUnlock() {
        long first = armAndAdvance();
        h.writeMem(RELOAD, 2, 0x80);
        h.writeMem(EsbHarness.BAR + 8, 8, 0x86L << 32);
        h.writeMem(RELOAD, 2, 0x100);
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
        assertThat(h.readMem(RELOAD - 2, 4)).isZero(); // unaligned: the dwords at 0x08 and 0x0C, both read 0
    }
}
