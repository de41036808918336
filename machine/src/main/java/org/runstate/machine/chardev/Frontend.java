package org.runstate.machine.chardev;

import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletionStage;

/** What a chardev feeds: a QMP monitor or the qtest server, one call per connection. */
@FunctionalInterface
public interface Frontend {
    /**
     * Serves a new connection.
     *
     * @param connection the connected socket; the frontend owns it from now on
     * @return completes when the frontend is done with the connection (the peer left)
     */
    CompletionStage<?> serve(SocketChannel connection);
}
