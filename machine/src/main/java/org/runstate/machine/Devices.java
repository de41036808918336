package org.runstate.machine;

import java.util.List;
import org.runstate.core.pc.PcPlatform;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;

/** {@code -device}: each argument checked against the board's device types and plugged, in order. */
final class Devices {
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
        spec.requireKnown(type);
        Object bus = spec.properties().get("bus");
        String expected = type.bus().equals("PCI") ? "pci.0" : "isa.0";
        if (bus != null && !bus.toString().equals(expected)) {
            throw new CliError("Bus '" + bus + "' not found");
        }
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
