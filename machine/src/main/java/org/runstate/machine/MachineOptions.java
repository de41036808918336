package org.runstate.machine;

import java.util.Map;
import java.util.Set;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.Opts;
import org.runstate.machine.cli.OptsList;
import org.runstate.machine.cli.QemuValues;

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
    static int cpus(final LaunchConfig c, final Board board) {
        Map<String, String> smp = c.smp;
        long cpus = number(smp, "cpus", 0);
        long sockets = number(smp, "sockets", 0);
        long cores = number(smp, "cores", 0);
        long threads = number(smp, "threads", 0);
        long dies = number(smp, "dies", 1);
        long clusters = number(smp, "clusters", 1);
        long maxcpus = number(smp, "maxcpus", 0);
        for (String key : smp.keySet()) {
            if (!Set.of("cpus", "sockets", "cores", "threads", "dies", "clusters", "maxcpus").contains(key)) {
                throw new CliError("Parameter 'smp." + key + "' is unexpected");
            }
        }
        if (cpus == 0 && smp.containsKey("cpus")) {
            cpus = 0; // -smp 0 means "derive from the topology", as QEMU 7.2 still allows
        }
        boolean topology = sockets > 0 || cores > 0 || threads > 0;
        if (topology) {
            long s = sockets > 0 ? sockets : 0;
            long co = cores > 0 ? cores : 1;
            long t = threads > 0 ? threads : 1;
            if (s == 0) {
                long n = maxcpus > 0 ? maxcpus : cpus > 0 ? cpus : 1;
                s = Math.max(1, n / (dies * clusters * co * t));
            }
            long product = s * dies * clusters * co * t;
            if (maxcpus == 0) {
                maxcpus = product;
            }
            if (cpus == 0) {
                cpus = maxcpus;
            }
            if (product != maxcpus) {
                throw new CliError("Invalid CPU topology: product of the hierarchy must match maxcpus: sockets ("
                        + s + ") * dies (" + dies + ") * cores (" + co + ") * threads (" + t + ") != maxcpus ("
                        + maxcpus + ")");
            }
        }
        if (cpus == 0) {
            cpus = maxcpus > 0 ? maxcpus : 1;
        }
        if (maxcpus == 0) {
            maxcpus = cpus;
        }
        if (maxcpus < cpus) {
            throw new CliError("Invalid CPU topology: maxcpus must be equal to or greater than smp: sockets ("
                    + Math.max(sockets, 1) + ") * dies (" + dies + ") * cores (" + Math.max(cores, 1) + ") * threads ("
                    + Math.max(threads, 1) + ") == maxcpus (" + maxcpus + ") < smp_cpus (" + cpus + ")");
        }
        if (cpus > board.maxCpus()) {
            throw new CliError("Invalid SMP CPUs " + cpus + ". The max CPUs supported by machine '" + board.name()
                    + "' is " + board.maxCpus());
        }
        if (maxcpus > board.maxCpus()) {
            throw new CliError("Invalid SMP CPUs " + maxcpus + ". The max CPUs supported by machine '" + board.name()
                    + "' is " + board.maxCpus());
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

    private static long number(final Map<String, String> smp, final String key, final long absent) {
        String v = smp.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return QemuValues.number("smp." + key, v);
        } catch (CliError e) {
            throw new CliError("Parameter 'smp." + key + "' expects uint64");
        }
    }
}
