package org.runstate.machine;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.runstate.device.DeviceTree;
import org.runstate.device.GpioDevice;

/**
 * qtest's interrupt state for one machine (the static {@code irq_intercept_dev} and
 * {@code irq_levels} of softmmu/qtest.c): the one device whose unnamed GPIO lines are
 * intercepted, the last level reported per line, and where the asynchronous {@code IRQ raise N} /
 * {@code IRQ lower N} lines go. A line is reported when its level differs from the last one
 * reported for that index (all 0 when a connection opens), so setting the same level twice
 * reports once, and 1 then 2 reports "raise" twice, as in QEMU.
 *
 * <p>Thread-safe: devices may set levels on any thread; reports are made under this object's
 * lock, in the order the levels were set.
 */
final class QtestIrqs {
    /** {@code MAX_IRQ}: the size of QEMU's level table. */
    static final int MAX_IRQ = 256;

    private final DeviceTree devices;
    private final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();
    private final int[] levels = new int[MAX_IRQ];
    private GpioDevice intercepted;

    QtestIrqs(final DeviceTree devices) {
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    /**
     * Adds a destination for the asynchronous lines (without their newline).
     *
     * @param sink called under this object's lock, on the thread that set the level
     */
    void addSink(final Consumer<String> sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
    }

    /** {@code CHR_EVENT_OPENED}: every line counts as low again. */
    synchronized void resetLevels() {
        java.util.Arrays.fill(levels, 0);
    }

    /**
     * {@code irq_intercept_in} / {@code irq_intercept_out}.
     *
     * @param path the device's QOM path
     * @param outputs true for {@code irq_intercept_out}
     * @return the reply
     */
    synchronized String intercept(final String path, final boolean outputs) {
        GpioDevice dev = devices.resolve(path);
        if (dev == null) {
            return "FAIL Unknown device";
        }
        if (intercepted != null) {
            // whichever direction was asked for: a second request for the same device changes nothing
            return intercepted == dev ? "OK" : "FAIL IRQ intercept already enabled";
        }
        if (outputs) {
            dev.interceptOutputs(this::report);
        } else {
            dev.interceptInputs(this::report);
        }
        intercepted = dev;
        return "OK";
    }

    /**
     * {@code set_irq_in}: drives an input of a device, as another device would.
     *
     * @param path the device's QOM path
     * @param name {@code unnamed-gpio-in} or a named GPIO list
     * @param n the input
     * @param level the level
     * @return the reply
     * @throws IllegalArgumentException where QEMU's {@code qdev_get_gpio_in_named} asserts: no such
     *     input
     */
    String setInput(final String path, final String name, final int n, final int level) {
        GpioDevice dev = devices.resolve(path);
        if (dev == null) {
            return "FAIL Unknown device";
        }
        if (!name.equals("unnamed-gpio-in") || n < 0 || n >= dev.inputCount()) {
            // no modelled device has named inputs
            throw new IllegalArgumentException(String.format(Locale.ROOT, "no GPIO input %s[%d] on %s", name, n, path));
        }
        dev.input(n).set(level);
        return "OK";
    }

    /** {@code qtest_irq_handler}'s report, after the level reached the line's own receiver. */
    private synchronized void report(final int n, final int level) {
        if (n >= MAX_IRQ || levels[n] == level) {
            return;
        }
        levels[n] = level;
        String line = (level != 0 ? "IRQ raise " : "IRQ lower ") + n;
        for (Consumer<String> sink : sinks) {
            sink.accept(line);
        }
    }
}
