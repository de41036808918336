package org.runstate.machine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code -device MODEL[,key=value...]} argument, with QEMU's property errors.
 *
 * @param model the device model name
 * @param properties the properties in command-line order
 */
record DeviceSpec(String model, Map<String, String> properties) {
    /**
     * Splits the argument ({@code driver=MODEL} is accepted for the model too).
     *
     * @param spec the option argument
     * @return the spec
     */
    static DeviceSpec parse(final String spec) {
        String[] parts = spec.split(",");
        String model = parts[0].replaceFirst("^driver=", "");
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            props.put(eq < 0 ? parts[i] : parts[i].substring(0, eq), eq < 0 ? "on" : parts[i].substring(eq + 1));
        }
        return new DeviceSpec(model, props);
    }

    /**
     * Checks that only {@code allowed} properties (plus QEMU's generic {@code id}) were given.
     *
     * @param allowed the model's properties
     * @throws LaunchException {@code Property 'MODEL.KEY' not found}
     */
    void requireOnly(final Set<String> allowed) {
        for (String key : properties.keySet()) {
            if (!key.equals("id") && !allowed.contains(key)) {
                throw new LaunchException("Property '" + model + "." + key + "' not found");
            }
        }
    }

    /**
     * A PCI address property {@code addr=SLOT[.FN]} (hexadecimal, as QEMU parses it).
     *
     * @return the devfn, or -1 when absent (automatic placement)
     */
    int pciDevfn() {
        String v = properties.get("addr");
        if (v == null) {
            return -1;
        }
        try {
            String[] sf = v.toLowerCase(Locale.ROOT).replaceFirst("^0x", "").split("\\.", -1);
            int slot = Integer.parseInt(sf[0], 16);
            int fn = sf.length > 1 ? Integer.parseInt(sf[1], 16) : 0;
            if (sf.length > 2 || slot > 0x1f || fn > 7) {
                throw new NumberFormatException(v);
            }
            return slot << 3 | fn;
        } catch (NumberFormatException e) {
            throw new LaunchException("Property '" + model + ".addr' doesn't take value '" + v + "'");
        }
    }

    /**
     * An integer property, decimal or {@code 0x} hex.
     *
     * @param key the property
     * @param absent the value when not given
     * @return the value
     */
    long number(final String key, final long absent) {
        String v = properties.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return QtestProtocol.number(v);
        } catch (NumberFormatException e) {
            throw new LaunchException("Parameter '" + key + "' expects a number");
        }
    }
}
