package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.vcpu.VcpuExit;

/** Stops and resets raised by the vCPU thread itself: it must not wait for itself (QEMU's request + cpu_stop_current). */
class VcpuInitiatedStopTest {
    @Test
    void engineHittingAnInternalErrorStopsTheVmInInternalError() {
        try (CuedVcpuMachine vm = CuedVcpuMachine.start(m -> m.requests().vmstop(RunState.INTERNAL_ERROR))) {
            Machine machine = vm.machine;
            vm.cue();
            await().until(() -> machine.runState() == RunState.INTERNAL_ERROR);
            await().until(() -> machine.vcpus().allStopped());
            assertThatThrownBy(() -> machine.submit(() -> {
                machine.commands().cont();
                return null;
            }).join()).hasRootCauseMessage("Resetting the Virtual Machine is required");
        }
    }

    @Test
    void guestResetFromTheVcpuThreadKeepsRunningAndTheVcpuResumes() {
        try (CuedVcpuMachine vm = CuedVcpuMachine.start(m -> m.requests().reset(ShutdownCause.GUEST_RESET))) {
            var events = vm.machine.events().subscribe(org.runstate.core.event.SubscriptionOptions.withCapacity(16));
            vm.cue();
            await().until(() -> events.poll(java.time.Duration.ofMillis(100)), e -> e != null
                    && e.event().equals(new ResetEvent(true, ShutdownCause.GUEST_RESET)));
            long after = vm.slices();
            await().until(() -> vm.slices() > after + 10);
            assertThat(vm.machine.runState()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void aHaltedVcpuSleepsUntilWoken() {
        java.util.concurrent.atomic.AtomicLong slices = new java.util.concurrent.atomic.AtomicLong();
        try (Machine machine = Machine.builder().engine(vcpu -> {
            slices.incrementAndGet();
            return VcpuExit.HALTED;
        }).build().start()) {
            await().until(() -> machine.vcpus().vcpus().get(0).isHalted());
            long halted = slices.get();
            machine.submit(() -> null).join(); // a full control-loop round trip: a sleeping vCPU runs nothing
            assertThat(slices.get()).isEqualTo(halted);
            machine.vcpus().vcpus().get(0).wake();
            await().until(() -> slices.get() > halted);
        }
    }

    @Test
    void aFailingEngineHaltsItsVcpuWithoutKillingTheMachine() {
        try (Machine machine = Machine.builder().engine(vcpu -> {
            throw new IllegalStateException("device model bug");
        }).errorReport(s -> { }).build().start()) {
            await().until(() -> machine.vcpus().vcpus().get(0).isHalted());
            machine.submit(() -> {
                machine.commands().stop();
                return null;
            }).join();
            assertThat(machine.runState()).isEqualTo(RunState.PAUSED);
        }
    }
}
