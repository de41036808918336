package org.runstate.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.runstate.core.Machine;
import org.runstate.core.RunStateCommandException;
import org.runstate.qmp.QmpError.ErrorClass;
import org.runstate.qmp.json.JsonMessage;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * QEMU's {@code monitor_qmp_dispatch} + {@code qmp_dispatch}: request checks in QDict order, command
 * lookup with the negotiation-mode rewrite, OOB rules, schema-driven arguments, then execution on
 * the machine's control thread. Every outcome is a response line (or none, when the machine ended
 * before the command could run).
 */
public final class QmpDispatcher {
    private static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final Machine machine;
    private final QmpCommandTable table;
    private final List<String> offeredCapabilities;

    /**
     * Creates a dispatcher.
     *
     * @param machine runs the commands
     * @param table the commands
     * @param offeredCapabilities what the greeting offers ({@code ["oob"]})
     */
    public QmpDispatcher(final Machine machine, final QmpCommandTable table, final List<String> offeredCapabilities) {
        this.machine = machine;
        this.table = table;
        this.offeredCapabilities = List.copyOf(offeredCapabilities);
    }

    /**
     * QEMU's {@code qmp_is_oob}: an object with {@code exec-oob} and no {@code execute} is dispatched
     * at once on the reading thread, whether or not OOB was negotiated.
     *
     * @param message a parsed message
     * @return true for an out-of-band request
     */
    public static boolean isOob(final JsonMessage message) {
        JsonNode v = message.value();
        return v != null && v.isObject() && v.has("exec-oob") && !v.has("execute");
    }

    /**
     * Handles one message.
     *
     * @param session the client's negotiation state
     * @param message a parsed value or a JSON parse error
     * @return the response line, or {@code null} for no response
     */
    public CompletableFuture<String> dispatch(final QmpSessionState session, final JsonMessage message) {
        if (message.isError()) {
            return done(QmpMessages.errorResponse(QmpError.generic(message.error()), null));
        }
        JsonNode request = message.value();
        if (!request.isObject()) {
            return done(QmpMessages.errorResponse(QmpError.generic("QMP input must be a JSON object"), null));
        }
        JsonNode id = request.get("id");
        try {
            return execute(session, (ObjectNode) request, id);
        } catch (QmpError e) {
            return done(QmpMessages.errorResponse(rewriteForNegotiation(session, e), id));
        }
    }

    private CompletableFuture<String> execute(final QmpSessionState session, final ObjectNode request,
            final JsonNode id) {
        boolean oobAllowed = session.oobEnabled();
        String execKey = checkObject(request, oobAllowed);
        String name = request.get(execKey).textValue();
        QmpCommand command = table.find(name)
                .filter(c -> session.commandMode() || c.name().equals("qmp_capabilities"))
                .orElseThrow(() -> new QmpError(ErrorClass.CommandNotFound, "The command " + name + " has not been found"));
        if (execKey.equals("exec-oob") && !command.allowOob()) {
            throw QmpError.generic("The command " + name + " does not support OOB");
        }
        JsonNode argsNode = request.get("arguments");
        ObjectNode argsObject = argsNode == null ? EMPTY : (ObjectNode) argsNode;
        Map<String, Object> args = command.boxed() != null
                ? table.argumentVisitor().visitBoxed(command.boxed(), argsObject)
                : table.argumentVisitor().visit(command.arguments(), argsObject);
        // every command runs on the control thread, qmp_capabilities too, as in QEMU: a client that
        // connected while the machine was starting is answered (and gets events) once it is initialised
        Callable<Object> body = command.name().equals("qmp_capabilities")
                ? () -> capabilities(session, args) : () -> command.handler().run(args);
        return respond(machine.submitOrRunHere(body), id);
    }

    private static CompletableFuture<String> respond(final CompletableFuture<?> outcome, final JsonNode id) {
        return outcome.handle((result, failure) -> {
            if (failure == null) {
                return QmpMessages.returnResponse(result == null ? EMPTY : QapiJsonEncoder.encode(result), id);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RejectedExecutionException) {
                return null; // QEMU has exited: nobody answers
            }
            if (cause instanceof RunStateCommandException || cause instanceof QmpError) {
                QmpError e = cause instanceof QmpError q ? q : QmpError.generic(cause.getMessage());
                return QmpMessages.errorResponse(e, id);
            }
            throw new CompletionException(cause);
        });
    }

    /** {@code qmp_dispatch_check_obj}: members in QDict order, the first bad one decides. */
    private static String checkObject(final ObjectNode request, final boolean oobAllowed) {
        String execKey = null;
        for (String key : QmpJsonWriter.qdictKeyOrder(request)) {
            JsonNode value = request.get(key);
            if (key.equals("execute") || key.equals("exec-oob") && oobAllowed) {
                if (!value.isTextual()) {
                    throw QmpError.generic("QMP input member '" + key + "' must be a string");
                }
                if (execKey != null) {
                    throw QmpError.generic("QMP input member '" + key + "' clashes with '" + execKey + "'");
                }
                execKey = key;
            } else if (key.equals("arguments")) {
                if (!value.isObject()) {
                    throw QmpError.generic("QMP input member 'arguments' must be an object");
                }
            } else if (!key.equals("id")) {
                throw QmpError.generic("QMP input member '" + key + "' is unexpected");
            }
        }
        if (execKey == null) {
            throw QmpError.generic("QMP input lacks member 'execute'");
        }
        return execKey;
    }

    /** {@code qmp_capabilities}: switches the session to command mode. */
    private JsonNode capabilities(final QmpSessionState session, final Map<String, Object> args) {
        if (session.commandMode()) {
            throw new QmpError(ErrorClass.CommandNotFound, "Capabilities negotiation is already complete, command ignored");
        }
        @SuppressWarnings("unchecked")
        List<Object> enable = (List<Object>) args.getOrDefault("enable", List.of());
        List<String> missing = new ArrayList<>();
        for (Object cap : enable) {
            if (!offeredCapabilities.contains(cap)) {
                missing.add((String) cap);
            }
        }
        if (!missing.isEmpty()) {
            throw QmpError.generic("Capability " + String.join(", ", missing) + " not available");
        }
        session.negotiated(enable.contains("oob"));
        return EMPTY;
    }

    /** monitor_qmp_dispatch: in negotiation mode, CommandNotFound gets a more useful text. */
    private static QmpError rewriteForNegotiation(final QmpSessionState session, final QmpError e) {
        if (!session.commandMode() && e.errorClass() == ErrorClass.CommandNotFound) {
            return new QmpError(ErrorClass.CommandNotFound, "Expecting capabilities negotiation with 'qmp_capabilities'");
        }
        return e;
    }

    private static CompletableFuture<String> done(final String line) {
        return CompletableFuture.completedFuture(line);
    }
}
