package org.runstate.core.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.runstate.core.Machine;

/**
 * {@link Machine#hostClock()}: host time for devices, whose timers run in every run state; under
 * stepped virtual time a stand-in that qtest's clock_step moves together with virtual time.
 */
class HostClockTest {
    private static final long MS = 1_000_000L;

    @Test
    void steppedHostTimeMovesWithVirtualTimeAndFiresInDeadlineOrder() {
        try (Machine m = Machine.builder().clockMode(VirtualClock.Mode.STEPPED).build().start()) {
            List<String> fired = Collections.synchronizedList(new ArrayList<>());
            m.submit(() -> {
                m.hostClock().newTimer(() -> fired.add("host@" + m.hostClock().nowNs() / MS)).mod(30 * MS);
                m.virtualClock().newTimer(() -> fired.add("vm@" + m.virtualClock().nowNs() / MS)).mod(20 * MS);
                m.hostClock().newTimer(() -> fired.add("host@" + m.hostClock().nowNs() / MS)).mod(10 * MS);
                return m.stepVirtualClock(50 * MS);
            }).join();
            assertThat(fired).containsExactly("host@10", "vm@20", "host@30");
            assertThat(m.hostClock().nowNs()).isEqualTo(50 * MS);
            assertThat(m.submit(() -> m.setVirtualClock(70 * MS)).join()).isEqualTo(70 * MS);
            assertThat(m.hostClock().nowNs()).isEqualTo(70 * MS);
        }
    }

    @Test
    void steppedHostTimersFireWhileTheVmIsStoppedVirtualOnesDoNot() {
        try (Machine m = Machine.builder().clockMode(VirtualClock.Mode.STEPPED).build().start()) {
            List<String> fired = Collections.synchronizedList(new ArrayList<>());
            m.submit(() -> {
                m.commands().stop();
                m.hostClock().newTimer(() -> fired.add("host")).mod(10 * MS);
                m.virtualClock().newTimer(() -> fired.add("vm")).mod(10 * MS);
                return m.stepVirtualClock(20 * MS);
            }).join();
            assertThat(fired).containsExactly("host");
        }
    }

    @Test
    void withHostDrivenTimeTheHostClockIsTheRealtimeClock() {
        try (Machine m = Machine.builder().build()) {
            assertThat(m.hostClock()).isSameAs(m.realtimeClock());
        }
    }
}
