package org.runstate.machine;

import java.util.List;
import java.util.Map;
import org.runstate.pc.PcPlatform;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;

/** {@code -device}: each argument checked against the board's device types and plugged, in order. */
final class Devices {
    /** The pc's buses a {@code bus=} property can name, with their QOM bus types (the only board with devices). */
    private static final Map<String, String> PC_BUSES = Map.of("pci.0", "PCI", "isa.0", "ISA");

    private Devices() {
    }

    /**
     * Creates every device.
     *
     * @param options the {@code -device} arguments
     * @param board the machine type
     * @param platform its pc platform, or null
     * @throws CliError QEMU's messages, located at the option
     */
    static void plugAll(final List<LaunchConfig.ObjectOption> options, final Board board, final PcPlatform platform) {
        for (LaunchConfig.ObjectOption o : options) {
            try {
                plug(DeviceSpec.of(o.properties()), board, platform);
            } catch (CliError e) {
                throw e.at(o.location());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliError(o.location(), e.getMessage(), null);
            }
        }
    }

    private static void plug(final DeviceSpec spec, final Board board, final PcPlatform platform) {
        DeviceType type = board.deviceType(spec.model());
        if (type == null) {
            DeviceType elsewhere = Boards.all().stream().map(b -> b.deviceType(spec.model()))
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (elsewhere != null) {
                throw new CliError("No '" + elsewhere.bus() + "' bus found for device '" + spec.model() + "'");
            }
            throw new CliError("'" + spec.model() + "' is not a valid device model name");
        }
        // qdev_device_add finds and checks the bus before it sets any property
        Object bus = spec.properties().get("bus");
        if (bus != null) {
            String busType = PC_BUSES.get(bus.toString());
            if (busType == null) {
                throw new CliError("Bus '" + bus + "' not found");
            }
            if (!busType.equals(type.bus())) {
                throw new CliError("Device '" + spec.model() + "' can't go on " + busType + " bus");
            }
        }
        spec.requireKnown(type);
        Object device = type.plug().plug(platform, spec);
        board.plugged.add(new Board.PluggedDevice(type, spec, type.bus().equals("PCI") ? devfn(platform, device) : -1));
    }

    /** Where the PCI bus put a device (its {@code addr} may have been automatic). */
    private static int devfn(final PcPlatform platform, final Object device) {
        for (int devfn = 0; devfn < 256; devfn++) {
            if (platform.pci().function(devfn) == device) {
                return devfn;
            }
        }
        return -1;
    }
}
