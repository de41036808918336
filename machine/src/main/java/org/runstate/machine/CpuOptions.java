package org.runstate.machine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.QemuValues;

/**
 * {@code -cpu MODEL[,feature...]} checked against the board: the model, and the features
 * runstate-vm models ({@code hv-crash}; {@code apic-id}, which must match the vCPU's index as
 * QEMU's would with one CPU). Features use QEMU's {@code +f}/{@code -f}/{@code f=on} forms.
 *
 * @param model the CPU model
 * @param hvCrash whether the Hyper-V crash MSRs are exposed
 */
record CpuOptions(String model, boolean hvCrash) {
    /**
     * Parses the option for a board.
     *
     * @param option the {@code -cpu} argument, or null for the board's default
     * @param board the board
     * @return the options
     * @throws CliError QEMU's messages (no location: QEMU checks the CPU after option parsing)
     */
    static CpuOptions parse(final String option, final Board board) {
        if (option == null) {
            return new CpuOptions(board.cpuModels().get(0), false);
        }
        String[] parts = option.split(",");
        String model = parts[0];
        if (!board.cpuModels().contains(model)) {
            throw new CliError("unable to find CPU model '" + model + "'");
        }
        Map<String, String> features = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String f = parts[i];
            if (f.startsWith("+") || f.startsWith("-")) {
                features.put(f.substring(1), f.startsWith("+") ? "on" : "off");
            } else {
                int eq = f.indexOf('=');
                features.put(eq < 0 ? f : f.substring(0, eq), eq < 0 ? "on" : f.substring(eq + 1));
            }
        }
        boolean hvCrash = false;
        String type = model + board.cpuTypeSuffix();
        for (Map.Entry<String, String> e : features.entrySet()) {
            switch (e.getKey()) {
                case "hv-crash" -> hvCrash = QemuValues.bool("hv-crash", e.getValue());
                case "apic-id" -> {
                    if (QemuValues.number("apic-id", e.getValue()) != 0) {
                        throw new CliError("runstate-vm numbers APIC ids from 0 by vCPU index; 'apic-id' "
                                + "can only be 0 for the first CPU");
                    }
                }
                default -> throw new CliError("can't apply global " + type + "." + e.getKey() + "=" + e.getValue()
                        + ": Property '" + type + "." + e.getKey() + "' not found");
            }
        }
        return new CpuOptions(model, hvCrash);
    }
}
