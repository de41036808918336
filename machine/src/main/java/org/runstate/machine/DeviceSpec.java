package org.runstate.machine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.runstate.machine.cli.CliError;

/**
 * One {@code -device} argument's properties, with QEMU's property errors. Values come as strings
 * (key=value form) or JSON values (JSON form), and are converted as QOM's property setters do.
 *
 * @param model the device model name
 * @param properties the properties in order, without {@code driver}
 */
record DeviceSpec(String model, Map<String, Object> properties) {
    /** Properties every device takes: its id and the bus to plug into. */
    private static final Set<String> GENERIC = Set.of("id", "bus");

    /**
     * Splits off the driver.
     *
     * @param props the option's properties
     * @return the spec
     * @throws CliError {@code Parameter 'driver' is missing}
     */
    static DeviceSpec of(final Map<String, Object> props) {
        Map<String, Object> rest = new LinkedHashMap<>(props);
        Object driver = rest.remove("driver");
        if (driver == null) {
            throw new CliError("Parameter 'driver' is missing");
        }
        return new DeviceSpec(String.valueOf(driver), rest);
    }

    /**
     * Checks that only the model's properties (plus {@code id} and {@code bus}) were given.
     *
     * @param type the device type
     * @throws CliError {@code Property 'MODEL.KEY' not found}
     */
    void requireKnown(final DeviceType type) {
        for (String key : properties.keySet()) {
            if (!GENERIC.contains(key) && type.properties().stream().noneMatch(p -> p.name().equals(key))) {
                throw new CliError("Property '" + model + "." + key + "' not found");
            }
        }
    }

    /**
     * The {@code id} property.
     *
     * @return the id, or null
     */
    String id() {
        Object v = properties.get("id");
        return v == null ? null : text(v);
    }

    /**
     * A PCI address property {@code addr=SLOT[.FN]} (hexadecimal, as QEMU parses it); a JSON
     * number is a devfn.
     *
     * @return the devfn, or -1 when absent (automatic placement)
     */
    int pciDevfn() {
        Object raw = properties.get("addr");
        if (raw == null) {
            return -1;
        }
        if (raw instanceof JsonNode n && n.isIntegralNumber()) {
            return n.asInt();
        }
        String v = text(raw);
        try {
            String[] sf = v.toLowerCase(Locale.ROOT).replaceFirst("^0x", "").split("\\.", -1);
            int slot = Integer.parseInt(sf[0], 16);
            int fn = sf.length > 1 ? Integer.parseInt(sf[1], 16) : 0;
            if (sf.length > 2 || slot > 0x1f || fn > 7) {
                throw new NumberFormatException(v);
            }
            return slot << 3 | fn;
        } catch (NumberFormatException e) {
            throw new CliError("Property '" + model + ".addr' doesn't take value '" + v + "'");
        }
    }

    /**
     * An integer property, decimal or {@code 0x} hex, within {@code [0, max]}.
     *
     * @param key the property
     * @param absent the value when not given
     * @param max the largest value of the property's type
     * @return the value
     */
    long number(final String key, final long absent, final long max) {
        Object raw = properties.get(key);
        if (raw == null) {
            return absent;
        }
        long v;
        if (raw instanceof JsonNode n) {
            if (!n.isIntegralNumber()) {
                throw new CliError("Invalid parameter type for '" + key + "', expected: integer");
            }
            v = n.asLong();
        } else {
            try {
                v = QtestProtocol.number(text(raw));
            } catch (NumberFormatException e) {
                throw new CliError("Parameter '" + key + "' expects a number");
            }
        }
        if (v < 0 || v > max) {
            throw new CliError("Parameter '" + key + "' expects " + (max == 0xff ? "uint8_t" : "uint16_t"));
        }
        return v;
    }

    private static String text(final Object v) {
        return v instanceof JsonNode n ? n.asText() : String.valueOf(v);
    }
}
