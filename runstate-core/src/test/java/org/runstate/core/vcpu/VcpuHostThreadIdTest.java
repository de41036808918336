package org.runstate.core.vcpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Vcpu#hostThreadId()}: what {@code query-cpus-fast} reports as {@code thread-id}. */
final class VcpuHostThreadIdTest {
    @Test
    void eachStartedVcpuHasItsOwnLinuxThreadIdUnderThisProcess() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux /proc");
        try (VcpuRunLoop loop = new VcpuRunLoop(3, VcpuEngine.IDLE)) {
            assertThat(loop.vcpus()).allMatch(v -> v.hostThreadId() == 0);
            loop.start();
            List<Long> ids = loop.vcpus().stream().map(Vcpu::hostThreadId).toList();
            long pid = ProcessHandle.current().pid();
            assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id > 0 && id != pid);
            for (long id : ids) {
                assertThat(Path.of("/proc/self/task/" + id)).exists();
            }
        }
    }
}
