package org.runstate.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.runstate.core.qapi.RunState;

/**
 * The VM change-state handler list with QEMU's priority rules: kept sorted by ascending priority,
 * a new handler going after those of equal priority; notified in ascending order on start and in
 * descending order on stop. Registration is thread-safe; notification iterates a snapshot, so
 * handlers run outside any lock and may (un)register handlers themselves.
 */
public final class VmStateChangeHandlers {
    private final Object lock = new Object();
    private volatile List<Entry> entries = List.of();

    /**
     * Adds a handler with priority 0 ({@code qemu_add_vm_change_state_handler}).
     *
     * @param handler the handler
     * @return a registration whose {@code close()} removes it
     */
    public AutoCloseable add(final VmStateChangeHandler handler) {
        return add(handler, 0);
    }

    /**
     * Adds a handler with a priority ({@code qemu_add_vm_change_state_handler_prio}).
     *
     * @param handler the handler
     * @param priority lower runs first on start, last on stop
     * @return a registration whose {@code close()} removes it
     */
    public AutoCloseable add(final VmStateChangeHandler handler, final int priority) {
        Entry entry = new Entry(Objects.requireNonNull(handler, "handler"), priority);
        synchronized (lock) {
            List<Entry> next = new ArrayList<>(entries);
            int at = 0;
            while (at < next.size() && next.get(at).priority <= priority) {
                at++;
            }
            next.add(at, entry);
            entries = List.copyOf(next);
        }
        return () -> remove(entry);
    }

    /**
     * {@code vm_state_notify}: calls every handler, ascending when {@code running}, else descending.
     *
     * @param running whether the VM is now running
     * @param state the new state
     */
    public void notify(final boolean running, final RunState state) {
        List<Entry> snapshot = entries;
        if (running) {
            for (Entry e : snapshot) {
                e.handler.onVmStateChange(true, state);
            }
        } else {
            for (int i = snapshot.size() - 1; i >= 0; i--) {
                snapshot.get(i).handler.onVmStateChange(false, state);
            }
        }
    }

    private void remove(final Entry entry) {
        synchronized (lock) {
            List<Entry> next = new ArrayList<>(entries);
            next.remove(entry);
            entries = List.copyOf(next);
        }
    }

    private record Entry(VmStateChangeHandler handler, int priority) {
        @Override
        public boolean equals(final Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
