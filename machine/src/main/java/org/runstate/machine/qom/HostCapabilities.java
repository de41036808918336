package org.runstate.machine.qom;

import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpError;
import org.runstate.qmp.QmpServer;

/**
 * {@code query-sev-capabilities} and {@code query-sgx-capabilities}: QEMU 7.2's answers without
 * KVM, which runstate-vm never has. libvirt takes these GenericErrors as "not available on this
 * host" (and asks only when {@code sev-guest}/{@code sgx-epc} types exist, which they do not).
 */
final class HostCapabilities {
    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "query-sev-capabilities", args -> {
            throw QmpError.generic("KVM not enabled");
        });
        server.register(schema, "query-sgx-capabilities", args -> {
            throw QmpError.generic("SGX is not enabled in KVM");
        });
    }
}
