package org.runstate.panic;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.runstate.core.Machine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU's "unknown event" guest-error line of {@code handle_event} (hw/misc/pvpanic.c): a written
 * byte with a bit other than PANICKED and CRASH_LOADED logs {@code pvpanic: unknown event %#x.}
 * at most once.
 *
 * <p>QEMU keeps the "already logged" flag in a function-static variable, so it is shared by every
 * pvpanic device (ISA and PCI) of the process. Here one QEMU process is one {@link Machine}, so
 * there is one instance per machine ({@link #of(Machine)}), shared by all its pvpanic devices: the
 * launcher behaves exactly like QEMU, and an embedder running several machines in one JVM still
 * gets the first such line of each machine instead of only the first one of the JVM.
 */
final class UnknownEventLog {
    /** QEMU logs these under {@code -d guest_errors}; the same logger as the core's panic lines. */
    private static final Logger GUEST_ERRORS = LoggerFactory.getLogger("org.runstate.guest_errors");
    private static final Map<Machine, UnknownEventLog> PER_MACHINE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final AtomicBoolean logged = new AtomicBoolean();
    private final Consumer<String> sink;

    /**
     * Creates a log with its own "already logged" flag.
     *
     * @param sink receives the line (without newline)
     */
    UnknownEventLog(final Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * The log shared by every pvpanic device of {@code machine}, writing to the
     * {@code org.runstate.guest_errors} logger.
     *
     * @param machine the machine
     * @return its log
     */
    static UnknownEventLog of(final Machine machine) {
        return PER_MACHINE.computeIfAbsent(machine, m -> new UnknownEventLog(GUEST_ERRORS::warn));
    }

    /**
     * Reports a byte with unknown bits; only the first report is logged.
     *
     * @param event the whole byte as written (QEMU prints the byte, not just the unknown bits)
     */
    void report(final int event) {
        if (logged.compareAndSet(false, true)) {
            sink.accept(String.format(Locale.ROOT, "pvpanic: unknown event %#x.", event));
        }
    }
}
