package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * Runs {@code accesses}, guest accesses to BAR0 separated by blanks: {@code unlock} (0x80 then
     * 0x86 as words to 0x0c), {@code wN@OFF=VALUE} a write of N bytes, {@code rN@OFF} a read of N
     * bytes (offset and value in hex).
     */
    private void access(final String accesses) {
        for (String a : accesses.trim().split("\\s+")) {
            if (a.equals("unlock")) {
                h.unlock();
                continue;
            }
            int size = Character.digit(a.charAt(1), 10);
            String[] offsetValue = a.substring(3).split("=");
            long addr = EsbHarness.BAR + Long.parseLong(offsetValue[0], 16);
            if (a.charAt(0) == 'w') {
                h.writeMem(addr, size, Long.parseLong(offsetValue[1], 16));
            } else {
                h.readMem(addr, size);
            }
        }
    }

    /** Armed and 1 µs on, the guest's accesses restart stage one (a ping) or leave its deadline. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        a ping after the unlock restarts stage one                  | unlock w2@0c=100                              | true
        a ping without the unlock is ignored                        | w2@0c=100                                     | false
        the second magic without the first does not unlock          | w2@0c=86 w2@0c=100                            | false
        a stray locked write between the magics does not cancel     | w2@0c=80 w2@00=1234 w2@0c=86 w2@0c=100        | true
        the second magic as a payload just consumes the unlock      | unlock w2@0c=86 w2@0c=100                     | false
        byte writes unlock but carry no payload (and keep it)       | w1@0c=80 w1@0c=86 w1@0c=00 w1@0d=01 w2@0c=100 | true
        a dword write to the reload register only consumes unlock   | unlock w4@0c=100 w2@0c=100                    | false
        an unlocked word write elsewhere is consumed without effect | unlock w2@00=100 w2@0c=100                    | false
        reads do not disturb the unlock sequence                    | w2@0c=80 r2@0c w2@0c=86 r4@0c w2@0c=100       | true
        """)
    void accessesAfterArming(final String behaviour, final String accesses, final boolean restarted) {
        long first = armAndAdvance();
        access(accesses);
        assertThat(h.device.deadlineNs()).isEqualTo(restarted ? first + 1_000 : first);
    }

    /** After a stage-2 expiry, a word write to 0x0c clears the "rebooted" flag (0x1200) or not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        bit 9 clears the rebooted flag                | unlock w2@0c=200  | 0
        bit 12 clears the rebooted flag for old Linux | unlock w2@0c=1100 | 0
        clearing the flag needs the unlock            | w2@0c=300         | 1200
        """)
    void clearingTheRebootedFlag(final String behaviour, final String accesses, final String flag) {
        h.arm(1, 1);
        h.step(2 * UNIT_1KHZ);
        access(accesses);
        assertThat(h.readMem(RELOAD, 2)).isEqualTo(Long.parseLong(flag, 16));
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
    void firstMagicRestartsTheSequenceEvenWhenUnlocked() {
        long first = armAndAdvance();
        access("unlock w2@0c=80 w2@0c=100"); // 0x80 goes back to state 1, so the ping is ignored
        assertThat(h.device.deadlineNs()).isEqualTo(first);
        access("w2@0c=86 w2@0c=100");
        assertThat(h.device.deadlineNs()).isEqualTo(first + 1_000);
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
        access("w2@0b=80 w2@0c=86 w2@0c=100"); // 0x80 to 0x0B, 0x00 to 0x0C: no unlock
        assertThat(h.device.deadlineNs()).isEqualTo(first);
        access("w2@0b=8000 w2@0c=86 w2@0c=100"); // 0x00 to 0x0B, 0x80 to 0x0C: the first unlock step
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
