package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.vcpu.VcpuExit;

/** Stops and resets raised by the vCPU thread itself: it must not wait for itself (QEMU's request + cpu_stop_current). */
class VcpuInitiatedStopTest {
    @Test
    void engineHittingAnInternalErrorStopsTheVmInInternalError() {
        AtomicBoolean fail = new AtomicBoolean();
        Machine[] m = new Machine[1];
        m[0] = Machine.builder().engine(vcpu -> {
            if (fail.getAndSet(false)) {
                m[0].requests().vmstop(RunState.INTERNAL_ERROR);
            }
            Thread.yield();
            return VcpuExit.CONTINUE;
        }).build().start();
        try (Machine machine = m[0]) {
            fail.set(true);
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
        AtomicBoolean reset = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong slices = new java.util.concurrent.atomic.AtomicLong();
        Machine[] m = new Machine[1];
        m[0] = Machine.builder().engine(vcpu -> {
            slices.incrementAndGet();
            if (reset.getAndSet(false)) {
                m[0].requests().reset(ShutdownCause.GUEST_RESET);
            }
            Thread.yield();
            return VcpuExit.CONTINUE;
        }).build().start();
        try (Machine machine = m[0]) {
            var events = machine.events().subscribe(org.runstate.core.event.SubscriptionOptions.withCapacity(16));
            reset.set(true);
            await().until(() -> events.poll(java.time.Duration.ofMillis(100)), e -> e != null
                    && e.event().equals(new ResetEvent(true, ShutdownCause.GUEST_RESET)));
            long after = slices.get();
            await().until(() -> slices.get() > after + 10);
            assertThat(machine.runState()).isEqualTo(RunState.RUNNING);
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
