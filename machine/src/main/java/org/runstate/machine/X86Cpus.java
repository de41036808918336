package org.runstate.machine;

import java.util.List;

/** The x86 CPU models runstate-vm has: QEMU's {@code qemu64}, the default of its pc machines. */
final class X86Cpus {
    /** QOM type suffix of x86 CPU types. */
    static final String TYPE_SUFFIX = "-x86_64-cpu";
    /** The models, the default first. */
    static final List<String> MODELS = List.of("qemu64", "qemu64-v1");

    private X86Cpus() {
    }

    /**
     * The {@code -cpu help} description.
     *
     * @param model a model
     * @return QEMU's description of it
     */
    static String description(final String model) {
        return model.equals("qemu64") ? "(alias configured by machine type)" : "QEMU Virtual CPU version 2.5+";
    }
}
