package org.runstate.machine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.Opts;
import org.runstate.machine.cli.OptsList;
import org.runstate.machine.cli.QemuValues;
import org.runstate.qmp.GHashTableOrder;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * The machine's options after the option loop ({@code qemu_apply_machine_options}): vCPU count,
 * RAM and the {@code -machine} properties runstate-vm accepts. QEMU reports these without a
 * location, as here.
 */
final class MachineOptions {
    /**
     * {@code -machine} properties accepted besides {@code type} and {@code accel}: ones that
     * change nothing for a machine without USB, guest core dumps or graphics, and
     * {@code memory-backend}, which names the RAM object.
     */
    private static final Set<String> ACCEPTED = Set.of("usb", "dump-guest-core", "graphics", "memory-backend",
            "mem-merge", "vmport", "hpet", "acpi", "suppress-vmdesc");
    private static final Set<String> BOOLEAN = Set.of("usb", "dump-guest-core", "graphics", "mem-merge", "hpet",
            "suppress-vmdesc");

    private MachineOptions() {
    }

    /**
     * The {@code -machine} properties accepted besides {@code type} and {@code accel}.
     *
     * @return the names
     */
    static Set<String> acceptedProperties() {
        return ACCEPTED;
    }

    /**
     * {@code smp_parse}: the vCPU count from {@code -smp}.
     *
     * @param c the configuration
     * @param board the machine type
     * @return the count
     */
    static int cpus(final LaunchConfig c, final Board board, final java.util.function.Consumer<String> warn) {
        Map<String, String> smp = c.smp;
        List<String> members = List.of("cpus", "sockets", "dies", "clusters", "cores", "threads", "maxcpus");
        if (!members.containsAll(smp.keySet())) {
            // QEMU's visitor of SMPConfiguration names the left-over key its GLib hash table yields first
            com.fasterxml.jackson.databind.node.ObjectNode dict = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode();
            smp.forEach(dict::put);
            List<String> present = members.stream().filter(smp::containsKey).toList();
            String first = GHashTableOrder.firstLeftOver(QmpJsonWriter.qdictKeyOrder(dict), present).orElseThrow();
            throw new CliError("Parameter 'smp." + first + "' is unexpected");
        }
        long cpus = number(smp, "cpus");
        long sockets = number(smp, "sockets");
        long dies = number(smp, "dies");
        long clusters = number(smp, "clusters");
        long cores = number(smp, "cores");
        long threads = number(smp, "threads");
        long maxcpus = number(smp, "maxcpus");
        if (smp.values().stream().anyMatch(v -> v.equals("0"))) {
            warn.accept("warning: Deprecated CPU topology (considered invalid): CPU topology parameters must be "
                    + "greater than zero");
        }
        if (!board.diesSupported() && dies > 1) {
            throw new CliError("dies not supported by this machine's CPU topology");
        }
        if (clusters > 1) {
            throw new CliError("clusters not supported by this machine's CPU topology");
        }
        dies = Math.max(dies, 1);
        clusters = Math.max(clusters, 1);
        // machine_parse_smp_config, preferring cores over sockets as every 7.2 machine type here does
        if (cpus == 0 && maxcpus == 0) {
            sockets = Math.max(sockets, 1);
            cores = Math.max(cores, 1);
            threads = Math.max(threads, 1);
        } else {
            maxcpus = maxcpus > 0 ? maxcpus : cpus;
            if (cores == 0) {
                sockets = Math.max(sockets, 1);
                threads = Math.max(threads, 1);
                cores = maxcpus / (sockets * dies * clusters * threads);
            } else if (sockets == 0) {
                threads = Math.max(threads, 1);
                sockets = maxcpus / (dies * clusters * cores * threads);
            }
            if (threads == 0) {
                threads = maxcpus / (sockets * dies * clusters * cores);
            }
        }
        long product = sockets * dies * clusters * cores * threads;
        maxcpus = maxcpus > 0 ? maxcpus : product;
        cpus = cpus > 0 ? cpus : maxcpus;
        String hierarchy = "sockets (" + sockets + ")" + (board.diesSupported() ? " * dies (" + dies + ")" : "")
                + " * cores (" + cores + ") * threads (" + threads + ")";
        if (product != maxcpus) {
            throw new CliError("Invalid CPU topology: product of the hierarchy must match maxcpus: " + hierarchy
                    + " != maxcpus (" + maxcpus + ")");
        }
        if (maxcpus < cpus) {
            throw new CliError("Invalid CPU topology: maxcpus must be equal to or greater than smp: " + hierarchy
                    + " == maxcpus (" + maxcpus + ") < smp_cpus (" + cpus + ")");
        }
        if (maxcpus > board.maxCpus()) {
            throw new CliError("Invalid SMP CPUs " + (int) maxcpus + ". The max CPUs supported by machine '"
                    + board.name() + "' is " + board.maxCpus());
        }
        if (maxcpus != cpus) {
            throw new CliError("runstate-vm has no CPU hotplug: maxcpus must equal the number of CPUs");
        }
        return (int) cpus;
    }

    /**
     * Guest RAM: {@code -m}, or the {@code memory-backend} object's size, or the board's default.
     *
     * @param c the configuration
     * @param board the machine type
     * @param objects the {@code -object}s
     * @return bytes
     */
    static long ramBytes(final LaunchConfig c, final Board board, final UserObjects objects) {
        Opts m = c.opts.find(OptsList.MEMORY, null);
        Long size = null;
        if (m != null && m.has("size")) {
            String v = m.get("size");
            size = QemuValues.sizeMiB(v);
            if (size == null) {
                throw new CliError(m.location(), "Parameter 'size' expects a non-negative number below 2^64", null);
            }
            if (size == 0) {
                size = board.defaultRamBytes();
            }
        }
        if (m != null && (m.has("slots") || m.has("maxmem"))) {
            throw new CliError("runstate-vm has no memory hotplug: 'slots' and 'maxmem' are not supported");
        }
        String backend = c.machine.get("memory-backend");
        if (backend != null) {
            Long backendSize = objects.memoryBackendSize(backend);
            if (backendSize == null) {
                throw new CliError("Memory backend '" + backend + "' not found");
            }
            if (size != null && !size.equals(backendSize)) {
                throw new CliError("Machine memory size does not match the size of the memory backend");
            }
            return backendSize;
        }
        return size != null ? size : board.defaultRamBytes();
    }

    /**
     * Checks the {@code -machine} properties other than {@code type} and {@code accel}.
     *
     * @param c the configuration
     * @param board the machine type
     */
    static void checkMachineProperties(final LaunchConfig c, final Board board) {
        for (Map.Entry<String, String> e : c.machine.entrySet()) {
            String key = e.getKey();
            if (key.equals("type") || key.equals("accel")) {
                continue;
            }
            if (!ACCEPTED.contains(key)) {
                throw new CliError("Property '" + board.name() + "-machine." + key + "' not found");
            }
            if (BOOLEAN.contains(key)) {
                QemuValues.bool(key, e.getValue());
            }
        }
    }

    private static long number(final Map<String, String> smp, final String key) {
        String v = smp.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return QemuValues.number("smp." + key, v);
        } catch (CliError e) {
            throw new CliError("Parameter 'smp." + key + "' expects integer");
        }
    }
}
