package org.runstate.machine;

import java.util.Set;
import org.runstate.core.pc.PcPlatform;
import org.runstate.panic.PvpanicIsa;
import org.runstate.panic.PvpanicPci;
import org.runstate.watchdog.I6300EsbWatchdog;

/**
 * The device models {@code -device} can create, with their properties. All of them live on the pc
 * machine's buses; elsewhere QEMU reports that the bus is missing.
 */
final class DeviceRegistry {
    private DeviceRegistry() {
    }

    /**
     * Creates the device {@code spec} names.
     *
     * @param spec the {@code -device} argument
     * @param platform the pc platform, or null on a machine without ISA/PCI buses
     * @throws LaunchException with QEMU's message
     */
    static void plug(final DeviceSpec spec, final PcPlatform platform) {
        try {
            switch (spec.model()) {
                case I6300EsbWatchdog.TYPE -> {
                    spec.requireOnly(Set.of("addr"));
                    I6300EsbWatchdog.plug(requireBus(platform, spec, "PCI"), spec.pciDevfn());
                }
                case PvpanicIsa.TYPE -> {
                    spec.requireOnly(Set.of("ioport", "events"));
                    PvpanicIsa.plug(requireBus(platform, spec, "ISA"), (int) spec.number("ioport", PvpanicIsa.DEFAULT_IOPORT),
                            (int) spec.number("events", org.runstate.panic.Pvpanic.DEFAULT_EVENTS));
                }
                case PvpanicPci.TYPE -> {
                    spec.requireOnly(Set.of("addr", "events"));
                    PvpanicPci.plug(requireBus(platform, spec, "PCI"), spec.pciDevfn(),
                            (int) spec.number("events", org.runstate.panic.Pvpanic.DEFAULT_EVENTS));
                }
                default -> throw new LaunchException("'" + spec.model() + "' is not a valid device model name");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LaunchException(e.getMessage());
        }
    }

    private static PcPlatform requireBus(final PcPlatform platform, final DeviceSpec spec, final String bus) {
        if (platform == null) {
            throw new LaunchException("No '" + bus + "' bus found for device '" + spec.model() + "'");
        }
        return platform;
    }
}
