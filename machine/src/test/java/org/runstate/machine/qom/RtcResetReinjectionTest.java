package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rtc-reset-reinjection}: served by the x86 machine types, as by qemu-system-x86_64 7.2. */
class RtcResetReinjectionTest {
    @TempDir
    Path dir;

    @Test
    void thePcAndTheX86NoneMachineAnswerIt() throws IOException {
        for (String machine : new String[] {"pc", "none"}) {
            java.nio.file.Files.createDirectories(dir.resolve(machine));
            try (QmpVm q = QmpVm.launch(dir.resolve(machine), "-nodefaults", "-machine", machine,
                    "-rtc", "driftfix=slew")) {
                assertThat(q.execute("{\"execute\": \"rtc-reset-reinjection\"}")).isEqualTo("{\"return\": {}}");
                assertThat(q.execute("{\"execute\": \"query-commands\"}")).contains("{\"name\": \"rtc-reset-reinjection\"}");
                assertThat(q.execute("{\"execute\": \"rtc-reset-reinjection\", \"arguments\": {\"x\": 1}}"))
                        .isEqualTo("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'x' is unexpected\"}}");
            }
        }
    }

    @Test
    void s390DoesNotHaveIt() throws IOException {
        try (QmpVm q = QmpVm.launch(dir, "-nodefaults", "-machine", "s390-ccw-virtio")) {
            assertThat(q.execute("{\"execute\": \"rtc-reset-reinjection\"}")).isEqualTo(
                    "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command rtc-reset-reinjection has not been found\"}}");
        }
    }
}
