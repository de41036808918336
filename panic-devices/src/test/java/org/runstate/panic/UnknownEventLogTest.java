package org.runstate.panic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.runstate.core.Machine;

/** QEMU's once-only {@code pvpanic: unknown event %#x.} line, one flag per machine (= per QEMU process). */
class UnknownEventLogTest {
    @Test
    void logsTheWholeByteOnlyTheFirstTime() {
        List<String> lines = new CopyOnWriteArrayList<>();
        UnknownEventLog log = new UnknownEventLog(lines::add);
        log.report(0x84);
        log.report(0x4);
        assertThat(lines).containsExactly("pvpanic: unknown event 0x84.");
    }

    @Test
    void everyMachineHasOneSharedLog() {
        try (Machine a = Machine.builder().build(); Machine b = Machine.builder().build()) {
            assertThat(UnknownEventLog.of(a)).isSameAs(UnknownEventLog.of(a)).isNotSameAs(UnknownEventLog.of(b));
        }
    }
}
