package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;

/**
 * One way to stop the VM per use case: a request from any thread (QEMU's
 * {@code qemu_system_vmstop_request}), {@link ControlContext#vmStop} on the control thread, QMP
 * {@code stop} with its own semantics.
 */
class StopEntryPointsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aVmstopRequestFromAVcpuThreadStopsTheVmAndThatVcpuRunsNoFurther() {
        try (CuedVcpuMachine vm = CuedVcpuMachine.start(m -> m.requests().vmstop(RunState.INTERNAL_ERROR))) {
            Machine machine = vm.machine;
            vm.cue();

            await().atMost(WAIT).until(() -> machine.runState() == RunState.INTERNAL_ERROR);
            assertThat(machine.vcpus().allStopped()).isTrue();
            assertThat(vm.slices()).as("the requesting vCPU parks after its slice").isEqualTo(vm.cuedSlice());
        }
    }

    @Test
    void vmStopOnTheControlThreadHasStoppedWhenItReturns() {
        List<String> seenInside = new CopyOnWriteArrayList<>();
        try (Machine machine = Machine.builder().build().start()) {
            machine.submitAction(ctx -> {
                ctx.vmStop(RunState.PAUSED);
                seenInside.add(machine.runState().wireName() + " " + machine.vcpus().allStopped());
            }).join();

            assertThat(seenInside).containsExactly("paused true");
        }
    }

    @Test
    void qmpStopDuringAnIncomingMigrationOnlyClearsAutostart() {
        try (Machine machine = Machine.builder().incoming(true).build().start()) {
            machine.submitAction(ctx -> ctx.commands().stop()).join();

            assertThat(machine.runState()).isEqualTo(RunState.INMIGRATE);
            assertThat(machine.commands().autostart()).isFalse();
        }
    }
}
