package org.runstate.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.runstate.core.qapi.ShutdownCause;

/**
 * QEMU's notifier lists of the run-state area; each runs on the control thread at the point of
 * {@code main_loop_should_exit} where QEMU calls it.
 */
final class MachineNotifiers {
    /** {@code powerdown_notifiers}: after POWERDOWN (ACPI power button, s390 SCLP quiesce). */
    final List<Consumer<Void>> powerdown = new CopyOnWriteArrayList<>();
    /** {@code suspend_notifiers}: before entering {@code suspended}. */
    final List<Consumer<Void>> suspend = new CopyOnWriteArrayList<>();
    /** {@code wakeup_notifiers}: with the wakeup reason, after the machine's wakeup hook. */
    final List<Consumer<WakeupReason>> wakeup = new CopyOnWriteArrayList<>();
    /** {@code shutdown_notifiers}: after SHUTDOWN, with the cause. */
    final List<Consumer<ShutdownCause>> shutdown = new CopyOnWriteArrayList<>();
    /** The machine class's {@code wakeup} hook; for pc a device reset with cause none. */
    volatile Runnable wakeupHandler = () -> { };
}
