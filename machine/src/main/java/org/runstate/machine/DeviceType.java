package org.runstate.machine;

import java.util.List;
import org.runstate.pc.PcPlatform;

/**
 * A device model {@code -device} can create: its QOM type name, the bus it plugs into, its help
 * category and description, the properties it has (what {@code -device NAME,help} lists) and how
 * to plug it into the pc platform.
 *
 * @param name the type name
 * @param bus {@code PCI} or {@code ISA}
 * @param category QEMU's device category ({@code Watchdog}, {@code Misc})
 * @param description QEMU's description, or null
 * @param properties the settable properties, in the order QEMU's {@code device-list-properties} lists them
 *     ({@code -device NAME,help} sorts them)
 * @param plug creates the device
 */
record DeviceType(String name, String bus, String category, String description, List<Property> properties,
        Plug plug) {
    /** Creates a device on the platform from its properties. */
    @FunctionalInterface
    interface Plug {
        /**
         * @param platform the pc platform
         * @param spec the checked properties
         * @return the device
         */
        Object plug(PcPlatform platform, DeviceSpec spec);
    }

    /** @return the parent of this device's QOM type: {@code pci-device} or {@code isa-device} */
    String qomParent() {
        return bus.toLowerCase(java.util.Locale.ROOT) + "-device";
    }

    /**
     * A property as QEMU's {@code object_property_help} prints it.
     *
     * @param name the name
     * @param type the QOM type ({@code int32}, {@code uint8}, ...)
     * @param description the description ({@code ""} prints as an empty one)
     * @param defaultValue the default as QEMU prints it, or null
     */
    record Property(String name, String type, String description, String defaultValue) {
        /**
         * The default as a QOM value: a number for integer types, a boolean for {@code bool}.
         *
         * @return the value, or null without a default
         */
        Object defaultObject() {
            if (defaultValue == null) {
                return null;
            }
            return type.equals("bool") ? Boolean.valueOf(defaultValue)
                    : type.matches("u?int(8|16|32|64)") ? (Object) Long.valueOf(defaultValue) : defaultValue;
        }

        /** @return the help line */
        String helpLine() {
            StringBuilder sb = new StringBuilder("  ").append(name).append("=<").append(type).append('>');
            if (description != null || defaultValue != null) {
                while (sb.length() < 24) {
                    sb.append(' ');
                }
                sb.append(" - ").append(description == null ? "" : description);
                if (defaultValue != null) {
                    sb.append(" (default: ").append(defaultValue).append(')');
                }
            }
            return sb.toString();
        }
    }

    /** The {@code -device help} line. */
    String listLine() {
        StringBuilder sb = new StringBuilder("name \"").append(name).append('"');
        if (bus != null) {
            sb.append(", bus ").append(bus);
        }
        if (description != null) {
            sb.append(", desc \"").append(description).append('"');
        }
        return sb.toString();
    }

    /** The {@code -device NAME,help} text. */
    String propertiesHelp() {
        if (properties.isEmpty()) {
            return "There are no options for " + name + ".\n";
        }
        StringBuilder sb = new StringBuilder(name).append(" options:\n");
        properties.stream().map(Property::helpLine).sorted().forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
