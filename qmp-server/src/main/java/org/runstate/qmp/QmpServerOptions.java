package org.runstate.qmp;

import java.util.List;

/**
 * Server settings.
 *
 * @param version the QEMU version reported
 * @param pkg the {@code package} string of the greeting and {@code query-version}
 * @param offerOob whether the greeting offers {@code oob} (QEMU does on socket monitors)
 * @param maxClients the most clients served at once per server; more are refused and logged
 * @param outboundQueueCapacity responses and events queued for one client before it is cut off
 * @param maxMessageBytes the most bytes one request may take (QEMU's 64 MiB token-size limit by
 *     default); bounds what a client can make the server buffer
 */
public record QmpServerOptions(QmpVersion version, String pkg, boolean offerOob, int maxClients,
        int outboundQueueCapacity, int maxMessageBytes) {
    /** This project's name in the {@code package} member. */
    public static final String PACKAGE = "runstate 0.1.0";

    /**
     * The defaults: QEMU 7.2.0, OOB offered, 64 clients, 4096 queued messages, 64 MiB requests.
     *
     * @return the options
     */
    public static QmpServerOptions defaults() {
        return new QmpServerOptions(QmpVersion.QEMU_7_2, PACKAGE, true, 64, 4096,
                org.runstate.qmp.json.JsonStreamer.DEFAULT_MAX_TOKEN_SIZE);
    }

    /**
     * These options with another client limit.
     *
     * @param limit the most clients served at once, at least 1
     * @return the options
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public QmpServerOptions withMaxClients(final int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the client limit must be at least 1, got " + limit);
        }
        return new QmpServerOptions(version, pkg, offerOob, limit, outboundQueueCapacity, maxMessageBytes);
    }

    /**
     * The capabilities the greeting offers.
     *
     * @return {@code ["oob"]} or {@code []}
     */
    public List<String> capabilities() {
        return offerOob ? List.of("oob") : List.of();
    }

    /**
     * The greeting line.
     *
     * @return the greeting with CRLF
     */
    public String greeting() {
        return QmpMessages.greeting(QmpMessages.versionInfo(version, pkg), capabilities());
    }
}
