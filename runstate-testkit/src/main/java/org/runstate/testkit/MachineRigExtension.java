package org.runstate.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.runstate.core.Machine;

/**
 * Closes the rigs a test started, after the test, failed or not:
 * {@code @RegisterExtension final MachineRigExtension rigs = new MachineRigExtension();} then
 * {@code MachineRig rig = rigs.start(b -> b.vcpus(2));}.
 */
public final class MachineRigExtension implements AfterEachCallback {
    private final List<MachineRig> open = new ArrayList<>();

    /**
     * Starts a rig closed after the test; see {@link MachineRig#start}.
     *
     * @param config the machine's options
     * @return the rig
     */
    public MachineRig start(final UnaryOperator<Machine.Builder> config) {
        return track(MachineRig.start(config));
    }

    /**
     * Closes {@code rig} after the test.
     *
     * @param rig a rig built with {@link MachineRig#builder()}
     * @return the rig
     */
    public synchronized MachineRig track(final MachineRig rig) {
        open.add(rig);
        return rig;
    }

    @Override
    public synchronized void afterEach(final ExtensionContext context) {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
