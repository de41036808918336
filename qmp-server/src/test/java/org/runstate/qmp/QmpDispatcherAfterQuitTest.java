package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.runstate.core.Machine;
import org.runstate.qmp.json.JsonMessage;

/**
 * Regression (found by {@link QmpInputFuzzTest}): a request dispatched after {@code quit} ended the
 * machine made {@link QmpDispatcher#dispatch} throw {@code RejectedExecutionException} (the control
 * loop rejects work by throwing), instead of answering nobody as QEMU, which has exited, does.
 */
class QmpDispatcherAfterQuitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestAfterQuitIsAnsweredByNobodyInsteadOfThrowing() throws Exception {
        Machine machine = Machine.builder().build().start();
        try {
            QmpServerOptions o = QmpServerOptions.defaults();
            QmpDispatcher d = new QmpDispatcher(machine,
                    new QmpCommandTable(machine, QmpMessages.versionInfo(o.version(), o.pkg())), o.capabilities());
            QmpSessionState session = new NegotiationState();
            assertThat(d.dispatch(session, request("{\"execute\": \"qmp_capabilities\"}")).get(5, TimeUnit.SECONDS))
                    .isEqualTo("{\"return\": {}}\r\n");
            assertThat(d.dispatch(session, request("{\"execute\": \"quit\"}")).get(5, TimeUnit.SECONDS))
                    .isEqualTo("{\"return\": {}}\r\n");
            machine.termination().get(5, TimeUnit.SECONDS);

            CompletableFuture<String> late = d.dispatch(session, request("{\"execute\": \"query-status\", \"id\": 1}"));
            assertThat(late.get(5, TimeUnit.SECONDS)).isNull();
        } finally {
            machine.close();
        }
    }

    private static JsonMessage request(final String json) throws Exception {
        return JsonMessage.ofValue(JSON.readTree(json));
    }
}
