package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.runstate.machine.RunstateVm;
import org.runstate.testkit.LineClient;

/** An in-process runstate-vm with one negotiated QMP client on a unix socket. */
final class QmpVm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunstateVm vm;
    private final LineClient client;

    private QmpVm(final RunstateVm vm, final LineClient client) {
        this.vm = vm;
        this.client = client;
    }

    /**
     * Launches with {@code args} plus a QMP socket in {@code dir}, connects and negotiates.
     *
     * @param dir a temporary directory
     * @param args launcher options
     * @return the VM
     * @throws IOException if the socket fails
     */
    static QmpVm launch(final Path dir, final String... args) throws IOException {
        Path sock = dir.resolve("qmp.sock");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-display", "none", "-qmp", "unix:" + sock + ",server=on,wait=off"));
        RunstateVm vm = RunstateVm.launch(all.toArray(String[]::new));
        LineClient c = LineClient.connect(sock);
        c.readLine();
        QmpVm q = new QmpVm(vm, c);
        q.execute("{\"execute\": \"qmp_capabilities\"}");
        return q;
    }

    /**
     * Sends a command and returns the reply line (events before it are skipped).
     *
     * @param command the JSON command
     * @return the reply, as sent
     * @throws IOException if the socket fails
     */
    String execute(final String command) throws IOException {
        return client.execute(command);
    }

    /**
     * Sends a command and parses the reply.
     *
     * @param command the JSON command
     * @return the reply object
     * @throws IOException if the socket fails
     */
    JsonNode reply(final String command) throws IOException {
        return JSON.readTree(execute(command));
    }

    /**
     * The {@code return} of a command that must succeed.
     *
     * @param command the JSON command
     * @return the return value
     * @throws IOException if the socket fails
     */
    JsonNode returnOf(final String command) throws IOException {
        JsonNode r = reply(command);
        if (!r.has("return")) {
            throw new AssertionError(command + " failed: " + r);
        }
        return r.get("return");
    }

    /**
     * Parses JSON, for comparisons that ignore member order.
     *
     * @param text JSON text
     * @return the tree
     * @throws IOException if it is not JSON
     */
    static JsonNode json(final String text) throws IOException {
        return JSON.readTree(text);
    }

    /** @return the launcher's VM */
    RunstateVm vm() {
        return vm;
    }

    @Override
    public void close() throws IOException {
        client.close();
        vm.close();
    }
}
