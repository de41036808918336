package org.runstate.machine;

import java.util.Map;
import org.runstate.machine.cli.QemuValues;

/**
 * The vCPU topology {@code -smp} describes, completed as QEMU 7.2's
 * {@code machine_parse_smp_config} does for machine types of 6.2 and later (missing cores are
 * preferred over missing sockets). The launcher has already checked the options
 * ({@link MachineOptions#cpus}).
 *
 * @param sockets sockets
 * @param dies dies per socket
 * @param clusters clusters per die
 * @param cores cores per cluster
 * @param threads threads per core
 */
record CpuTopology(long sockets, long dies, long clusters, long cores, long threads) {
    /**
     * Completes the topology of {@code -smp}.
     *
     * @param smp the {@code -smp} keys and values
     * @param cpus the vCPU count
     * @return the topology
     */
    static CpuTopology of(final Map<String, String> smp, final int cpus) {
        long sockets = number(smp, "sockets");
        long dies = Math.max(1, number(smp, "dies"));
        long clusters = Math.max(1, number(smp, "clusters"));
        long cores = number(smp, "cores");
        long threads = number(smp, "threads");
        long max = number(smp, "maxcpus") > 0 ? number(smp, "maxcpus") : cpus;
        if (cores == 0) {
            sockets = sockets > 0 ? sockets : 1;
            threads = threads > 0 ? threads : 1;
            cores = Math.max(1, max / (sockets * dies * clusters * threads));
        } else if (sockets == 0) {
            threads = threads > 0 ? threads : 1;
            sockets = Math.max(1, max / (dies * clusters * cores * threads));
        }
        if (threads == 0) {
            threads = Math.max(1, max / (sockets * dies * clusters * cores));
        }
        return new CpuTopology(sockets, dies, clusters, cores, threads);
    }

    private static long number(final Map<String, String> smp, final String key) {
        String v = smp.get(key);
        return v == null ? 0 : QemuValues.number("smp." + key, v);
    }
}
