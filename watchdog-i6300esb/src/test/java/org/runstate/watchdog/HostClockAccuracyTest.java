package org.runstate.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.runstate.testkit.RecordedEvent;

/**
 * With a running VM and the host-driven virtual clock, how late a stage-2 expiry lands against
 * wall time. The programmed time is the enable write plus both stages; the lateness is the sum of
 * the two timer wake-ups (QEMU also starts stage 2 from "now" in the stage-1 callback).
 */
class HostClockAccuracyTest {
    private static final int RUNS = 8;
    /** 1 MHz scale, 52,083 units = 49.99968 ms per stage. */
    private static final int PRELOAD = 52_083;

    @Test
    void stage2ExpiryLandsWithinMillisecondsOfWallTime() {
        long programmed = 2 * EsbCountdown.timeoutNs(PRELOAD, true);
        long[] wallLate = new long[RUNS];
        long[] virtualLate = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            try (EsbHarness h = EsbHarness.hostDriven("none")) { // a fresh machine: no WATCHDOG throttle window open
                h.mapBar();
                h.cfgWrite(0x60, 2, 0x0004);
                h.setPreloads(PRELOAD, PRELOAD);
                h.outl(0xcf8, 0x80000000L | EsbHarness.DEVFN << 8 | 0x68);
                long[] armed = h.machine.submit(() -> {
                    long[] before = {h.machine.virtualClock().nowNs(), System.nanoTime()}; // bounds the enable from below
                    h.machine.runAsVcpu(0, () -> h.platform.io().write(0xcfc, 1, 0x02));
                    return before;
                }).join();
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                        .until(() -> !h.seen().isEmpty());
                RecordedEvent fired = h.seen().get(0);
                virtualLate[run] = fired.virtualNs() - (armed[0] + programmed);
                wallLate[run] = fired.hostNanos() - (armed[1] + programmed);
            }
        }
        Arrays.sort(wallLate);
        Arrays.sort(virtualLate);
        System.out.printf("i6300esb host-driven stage-2 lateness over %d runs: wall min %d us, median %d us, max %d us;"
                + " virtual min %d us, median %d us, max %d us%n", RUNS, wallLate[0] / 1000, wallLate[RUNS / 2] / 1000,
                wallLate[RUNS - 1] / 1000, virtualLate[0] / 1000, virtualLate[RUNS / 2] / 1000,
                virtualLate[RUNS - 1] / 1000);
        assertThat(virtualLate[0]).isNotNegative();
        assertThat(wallLate[0]).isNotNegative();
        // a functional bound, not a performance claim (that belongs in benchmarks): the expiry comes
        // before twice its programmed time, whatever else the CI machine is doing
        assertThat(wallLate[RUNS / 2]).isLessThan(programmed);
    }
}
