package org.runstate.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The devices of a machine under their QOM paths, as far as they are modelled, for resolving a
 * path the way {@code object_resolve_path(path, NULL)} does. An absolute path ({@code /machine/...})
 * names one object; empty components are skipped. A partial path ({@code ioapic},
 * {@code i440fx/ioapic}) names the object reached by following it from any object of the tree; it
 * resolves only if exactly one such way exists (otherwise QEMU calls it ambiguous and returns
 * NULL). Link properties ({@code /machine/acpi-device}) are ways too, as in QEMU, which follows
 * links when it resolves a path from an object.
 *
 * <p>Only devices are registered: QEMU's containers and other non-device objects are not here.
 * Thread-safe.
 */
public final class DeviceTree {
    /** A tree with nothing in it. */
    public static final DeviceTree EMPTY = new DeviceTree();

    private record Entry(List<String> path, GpioDevice device) { }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * Registers a device at its canonical path (its place among the child properties).
     *
     * @param path the absolute path, such as {@code /machine/i440fx/ioapic}
     * @param device the device
     * @return {@code device}
     */
    public GpioDevice add(final String path, final GpioDevice device) {
        if (this == EMPTY) {
            throw new UnsupportedOperationException("the empty tree stays empty");
        }
        List<String> parts = components(path);
        if (!path.startsWith("/") || parts.isEmpty()) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        for (Entry e : entries) {
            if (e.path.equals(parts)) {
                throw new IllegalArgumentException("already registered: " + path);
            }
        }
        entries.add(new Entry(parts, Objects.requireNonNull(device, "device")));
        return device;
    }

    /**
     * Registers a link property that points to a device, such as the pc machine's
     * {@code /machine/acpi-device}.
     *
     * @param path the absolute path of the link property
     * @param device the device it points to
     */
    public void link(final String path, final GpioDevice device) {
        add(path, device);
    }

    /**
     * Resolves a path.
     *
     * @param path absolute or partial
     * @return the device, or null when the path names no device or is ambiguous
     */
    public GpioDevice resolve(final String path) {
        List<String> parts = components(path);
        if (path.startsWith("/")) {
            for (Entry e : entries) {
                if (e.path.equals(parts)) {
                    return e.device;
                }
            }
            return null;
        }
        if (parts.isEmpty()) {
            return null;
        }
        GpioDevice found = null;
        for (Entry e : entries) {
            int from = e.path.size() - parts.size();
            if (from >= 0 && e.path.subList(from, e.path.size()).equals(parts)) {
                if (found != null) {
                    return null; // ambiguous, even when both ways reach the same device
                }
                found = e.device;
            }
        }
        return found;
    }

    /**
     * The registered devices, each once, in registration order.
     *
     * @return a snapshot
     */
    public List<GpioDevice> devices() {
        List<GpioDevice> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!out.contains(e.device)) {
                out.add(e.device);
            }
        }
        return out;
    }

    private static List<String> components(final String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
