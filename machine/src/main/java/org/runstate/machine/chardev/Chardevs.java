package org.runstate.machine.chardev;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.Opts;
import org.runstate.qmp.QmpEndpoint;

/**
 * The chardevs of one machine by id, created from {@code -chardev} option sets as
 * {@code qemu_chr_new_from_opts} and {@code qemu_chr_parse_socket} do, with their checks and
 * messages. Backends: {@code socket} and {@code null}; QEMU's others have nothing to connect to
 * here and are refused as unknown.
 */
public final class Chardevs implements AutoCloseable {
    private final Map<String, Chardev> byId = new LinkedHashMap<>();
    private final Consumer<String> info;

    /**
     * @param info receives informational lines (QEMU's {@code info_report}), already located
     */
    public Chardevs(final Consumer<String> info) {
        this.info = info;
    }

    /**
     * Creates a chardev.
     *
     * @param o its options
     * @return the chardev
     * @throws CliError QEMU's message, located at the option
     */
    public Chardev create(final Opts o) {
        try {
            String id = o.id();
            if (id == null) {
                throw new CliError("chardev: no id specified");
            }
            String backend = o.get("backend");
            if (backend == null) {
                throw new CliError("chardev: \"" + id + "\" missing backend");
            }
            if (byId.containsKey(id)) {
                throw new CliError("Chardev with id '" + id + "' already exists");
            }
            Chardev c = switch (backend) {
                case "null" -> new NullChardev(id);
                case "socket" -> socket(id, o);
                default -> throw new CliError("'" + backend + "' is not a valid char driver name");
            };
            synchronized (this) {
                byId.put(id, c);
            }
            if (c instanceof SocketChardev s && o.bool("server", false) && o.bool("wait", true)) {
                s.awaitFirstClient(line -> info.accept(
                        (o.location() == null ? "" : o.location() + ": ") + "info: " + line));
            }
            return c;
        } catch (CliError e) {
            throw e.at(o.location());
        }
    }

    /**
     * A chardev by id.
     *
     * @param id the id
     * @return the chardev, or null
     */
    public Chardev find(final String id) {
        return byId.get(id);
    }

    /**
     * Every chardev, in creation order.
     *
     * @return the chardevs
     */
    public synchronized java.util.List<Chardev> all() {
        return java.util.List.copyOf(byId.values());
    }

    /** Closes every chardev (their sockets; what frontends serve is closed by the frontends). */
    @Override
    public void close() {
        byId.values().forEach(Chardev::close);
    }

    private Chardev socket(final String id, final Opts o) {
        String path = o.get("path");
        String host = o.get("host");
        String port = o.get("port");
        String fd = o.get("fd");
        int given = (path != null ? 1 : 0) + (fd != null ? 1 : 0) + (host != null ? 1 : 0);
        if (given > 1) {
            throw new CliError("None or one of 'path', 'fd' or 'host' option required.");
        }
        if (host != null && port == null) {
            throw new CliError("chardev: socket: no port given");
        }
        if (o.has("delay") && o.has("nodelay")) {
            throw new CliError("'delay' and 'nodelay' are mutually exclusive");
        }
        for (String unsupported : new String[] {"telnet", "tn3270", "websocket", "tls-creds", "tls-authz"}) {
            if (o.has(unsupported) && !o.get(unsupported).equals("off")) {
                throw new CliError("runstate-vm does not support '" + unsupported + "' sockets");
            }
        }
        boolean server = o.bool("server", false);
        boolean hasWait = o.has("wait") || server;
        boolean hasReconnect = o.has("reconnect");
        long reconnect = o.number("reconnect", 0);
        if (fd != null && hasReconnect) {
            throw new CliError("'reconnect' option is incompatible with 'fd' address type");
        }
        if (server) {
            if (hasReconnect) {
                throw new CliError("'reconnect' option is incompatible with socket in server listen mode");
            }
        } else if (hasWait) {
            throw new CliError("'wait' option is incompatible with socket in client connect mode");
        }
        if (fd != null) {
            return SocketChardev.inherited(id, fd, server);
        }
        QmpEndpoint address;
        if (path != null) {
            address = QmpEndpoint.unix(Path.of(path));
        } else if (host != null) {
            address = QmpEndpoint.tcp(host, port(host, port));
        } else {
            // QEMU takes the fd branch with no fd and fails to parse it (its message ends in a space)
            throw new CliError("Unable to parse FD number ");
        }
        return server ? SocketChardev.server(id, address) : SocketChardev.client(id, address, reconnect);
    }

    /** A TCP port as getaddrinfo accepts it (a number 0..65535; service names are not looked up). */
    private static int port(final String host, final String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliError("address resolution failed for " + host + ":" + port + ": Servname not supported for ai_socktype");
    }
}
