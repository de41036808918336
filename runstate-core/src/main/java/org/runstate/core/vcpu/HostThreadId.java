package org.runstate.core.vcpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * QEMU's {@code qemu_get_thread_id}: the host's id of the calling thread, which is what tools pin
 * and what {@code query-cpus-fast} reports. On Linux it is the thread's TID, read from the
 * {@code /proc/thread-self} link ({@code PID/task/TID}); elsewhere the process id, as QEMU returns
 * on hosts without a thread id.
 */
final class HostThreadId {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private HostThreadId() {
    }

    /**
     * The calling thread's host id.
     *
     * @return the TID on Linux, else the process id
     */
    static long current() {
        try {
            String link = Files.readSymbolicLink(THREAD_SELF).toString();
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            return ProcessHandle.current().pid();
        }
    }
}
