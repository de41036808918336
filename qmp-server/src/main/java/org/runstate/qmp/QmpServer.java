package org.runstate.qmp;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.runstate.core.Machine;
import org.runstate.qmp.schema.QapiSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QMP endpoint for one {@link Machine}, behaving on the wire like QEMU 7.2's QMP monitor. Unlike
 * QEMU, which serves one client per socket, every socket here serves many concurrent clients, each
 * with its own session (greeting, negotiation, capabilities); what each client sees is what it
 * would see from QEMU.
 */
public final class QmpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QmpServer.class);

    /** How long {@link #close()} lets clients take their last messages. */
    private static final long CLOSE_GRACE_NANOS = 2_000_000_000L;

    private final Machine machine;
    private final QmpServerOptions options;
    private final QmpCommandTable table;
    private final QmpDispatcher dispatcher;
    private final List<SocketListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<QmpSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clientNumbers = new AtomicInteger();

    /**
     * Creates a server; nothing listens until {@link #listen}.
     *
     * @param machine the machine the commands act on and whose events are sent
     * @param options settings
     */
    public QmpServer(final Machine machine, final QmpServerOptions options) {
        this.machine = machine;
        this.options = options;
        this.table = new QmpCommandTable(machine, QmpMessages.versionInfo(options.version(), options.pkg()));
        this.dispatcher = new QmpDispatcher(machine, table, options.capabilities());
    }

    /**
     * Adds a command to the ones this server answers. Call it after construction and before any
     * client connects (listening already is fine); the command table is fixed when the first client
     * connects.
     *
     * <p>The command then behaves like a built-in one: {@code query-commands} lists it (first, as
     * QEMU lists the newest-registered command first), {@code query-qmp-schema} describes it and the
     * types it uses exactly as QEMU's introspection generator would (masked type names, optional
     * members with {@code "default": null}, features), and its arguments are checked against its
     * definition with QEMU's messages before {@code handler} runs. The handler runs on the
     * machine's control thread, like every QMP command, so events it causes are sent before its
     * reply.
     *
     * <p>{@code definitions} must hold a {@code command} definition named {@code name}; of the
     * rest, only the types the command uses (transitively) and the server's schema lacks are
     * taken. Types the server already has (for example {@code RunState}) may be used without
     * being repeated; a type repeated must be identical. Build {@code definitions} with
     * {@link QapiSchema#load} from a resource in the schema format of runstate-core, or with its
     * constructor.
     *
     * @param definitions the command's schema entries
     * @param name the command name
     * @param handler the command's body: gets the checked arguments, returns the {@code return}
     *     value ({@code null} for {@code {}}); throwing {@link QmpError} or
     *     {@link org.runstate.core.RunStateCommandException} answers with an error
     * @return this server
     * @throws IllegalStateException if a client has already connected
     * @throws IllegalArgumentException if the name is not a valid QMP name or is already served,
     *     {@code definitions} has no command of that name, an entry taken is malformed (an invalid
     *     name, a member without a name or type, a member or enum value twice), a type it uses
     *     is missing or defined differently from the server's schema, an argument has a type the argument checker cannot check (builtins, enums,
     *     structs, flat unions and arrays of those it can), or a boxed command's type is not a struct
     *     or union
     */
    public QmpServer register(final QapiSchema definitions, final String name, final QmpCommand.Handler handler) {
        table.register(definitions, name, handler);
        return this;
    }

    /**
     * The machine this server serves.
     *
     * @return the machine
     */
    public Machine machine() {
        return machine;
    }

    /**
     * Opens a listening socket.
     *
     * @param endpoint where
     * @return the listener (its endpoint has the chosen TCP port)
     * @throws IOException if the socket cannot be created
     */
    public SocketListener listen(final QmpEndpoint endpoint) throws IOException {
        SocketListener l = new SocketListener(endpoint, "qmp-accept-" + listeners.size(), ch -> serve(ch, false));
        listeners.add(l);
        return l;
    }

    /**
     * How many clients are connected now.
     *
     * @return the count
     */
    public int clientCount() {
        return sessions.size();
    }

    /**
     * Stops listening, sends every client what is already queued for it (for example the
     * response to {@code quit}), then closes the connections; waits up to two seconds for that.
     */
    @Override
    public void close() {
        listeners.forEach(SocketListener::close);
        List<QmpSession> open = List.copyOf(sessions);
        long deadline = System.nanoTime() + CLOSE_GRACE_NANOS;
        open.forEach(s -> s.drainAndClose(deadline));
        for (QmpSession s : open) {
            if (!s.awaitFinished(deadline)) {
                LOG.warn("a QMP client did not take its last messages in time; closing anyway");
                s.close();
            }
        }
    }

    /**
     * Stops listening and closes every connection at once, dropping what is queued or in flight:
     * for a machine that failed to start, whose commands would never run (QEMU exits from
     * {@code qemu_init} and its monitors' peers see end of file).
     */
    public void abort() {
        listeners.forEach(SocketListener::close);
        List.copyOf(sessions).forEach(QmpSession::close);
    }

    /**
     * Serves one connection as a QMP monitor: the greeting, then commands and events, until the
     * peer leaves or the server closes. Beyond {@link QmpServerOptions#maxClients()} clients the
     * connection is closed at once and logged.
     *
     * @param ch the connected socket; the server owns it from now on
     * @param pretty whether to send pretty-printed JSON, as QEMU's {@code -mon ...,pretty=on}
     * @return completes when the connection has ended
     */
    public CompletableFuture<Void> serve(final SocketChannel ch, final boolean pretty) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        table.seal(); // the first connection fixes the command table
        if (sessions.size() >= options.maxClients()) {
            LOG.warn("refusing a QMP client: {} clients already connected", options.maxClients());
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
            ended.complete(null);
            return ended;
        }
        int n = clientNumbers.incrementAndGet();
        QmpSession[] self = new QmpSession[1];
        QmpSession s = new QmpSession(ch, "qmp client " + n, dispatcher, machine.events(), options, pretty, () -> {
            sessions.remove(self[0]);
            ended.complete(null);
        });
        self[0] = s;
        sessions.add(s);
        s.start("qmp-" + n);
        return ended;
    }
}
