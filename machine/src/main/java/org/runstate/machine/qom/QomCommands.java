package org.runstate.machine.qom;

import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpServer;

/**
 * Adds to a {@link QmpServer} the QOM, machine and device queries QEMU 7.2 has and that libvirt's
 * capability probe and domain start send: {@code qom-list}, {@code qom-get},
 * {@code qom-list-types}, {@code qom-list-properties}, {@code device-list-properties},
 * {@code object-add}, {@code object-del}, {@code query-machines}, {@code query-target},
 * {@code query-kvm}, {@code query-cpus-fast}, {@code query-hotpluggable-cpus},
 * {@code query-cpu-definitions}, {@code query-command-line-options},
 * {@code query-migrate-capabilities}, {@code migrate-set-capabilities},
 * {@code query-sev-capabilities}, {@code query-sgx-capabilities}, {@code query-chardev},
 * {@code query-iothreads}, {@code query-named-block-nodes} and {@code query-block}. They answer
 * about what runstate-vm has, in QEMU's shapes, with QEMU's schema entries and errors.
 */
public final class QomCommands {
    /** The schema resource (next to this class) with the commands and every type they use. */
    public static final String SCHEMA = "qom-schema.json";

    private QomCommands() {
    }

    /**
     * Registers the commands on a server no client has connected to yet (see
     * {@link QmpServer#register}).
     *
     * @param server the server
     * @param vm what the commands answer about
     * @throws IllegalStateException if a client has already connected
     */
    public static void register(final QmpServer server, final VmView vm) {
        QapiSchema schema = schema();
        QomTypes types = QomTypes.of(vm);
        new QomPathCommands(vm, types).register(server, schema);
        new TypeQueries(vm, types).register(server, schema);
        new ObjectCommands(vm.objects()).register(server, schema);
        new MachineQueries(vm).register(server, schema);
        new CpuQueries(vm).register(server, schema);
        new CommandLineOptions(vm, types).register(server, schema);
        new MigrationCapabilities(vm.machine(), schema).register(server, schema);
        new HostCapabilities().register(server, schema);
        new DeviceStateQueries(vm).register(server, schema);
    }

    /**
     * The schema entries of the commands, for the argument checks {@code -object} shares.
     *
     * @return the parsed resource
     */
    public static QapiSchema schema() {
        return QapiSchema.load(QomCommands.class, SCHEMA);
    }
}
