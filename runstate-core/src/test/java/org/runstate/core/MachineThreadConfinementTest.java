package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;
import org.runstate.core.state.AtomicRunState;

/**
 * What must run on the control thread is refused elsewhere with a message naming the method and
 * the rule, and waiting for the control thread where that would deadlock fails at once.
 */
class MachineThreadConfinementTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aControlContextUsedOffTheControlThreadRefusesToStartTheVm() {
        try (Machine machine = Machine.builder().autostart(false).build().start()) {
            ControlContext leaked = machine.submit(ctx -> ctx).join();

            assertThatThrownBy(leaked::vmStart).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ControlContext.vmStart() must run on the machine's control thread")
                    .hasMessageContaining(Thread.currentThread().getName());
            assertThat(machine.runState()).isEqualTo(RunState.PRELAUNCH);
        }
    }

    @Test
    void resumingTheVcpusOffTheControlThreadIsRefused() {
        try (Machine machine = Machine.builder().build().start()) {
            machine.submitAction(ctx -> ctx.commands().stop()).join();

            assertThatThrownBy(() -> machine.vcpus().resumeAll()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("VcpuRunLoop.resumeAll() must run on the machine's control thread");
            assertThat(machine.vcpus().allStopped()).isTrue();
        }
    }

    @Test
    void qmpStopOffTheControlThreadIsRefusedAndNamesTheCommand() {
        try (Machine machine = Machine.builder().build().start()) {
            assertThatThrownBy(() -> machine.commands().stop()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("RunStateCommands.stop() must run on the machine's control thread");
            assertThat(machine.runState()).isEqualTo(RunState.RUNNING);
        }
    }

    /** The state word changes only through the funnel: no public API hands it to an embedder. */
    @Test
    void noPublicMethodOfTheEmbeddingApiHandsOutTheWritableStateWord() {
        List<Method> leaks = Arrays.stream(new Class<?>[] {Machine.class, ControlContext.class,
            RunStateCommands.class, SystemRequests.class, PanicHandler.class, HostIncidents.class})
                .flatMap(c -> Arrays.stream(c.getMethods()))
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == AtomicRunState.class)
                .toList();
        assertThat(leaks).isEmpty();
    }

    @Test
    void joiningASubmittedStopOnAVcpuThreadFailsFastInsteadOfDeadlocking() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        try (CuedVcpuMachine vm = CuedVcpuMachine.start(m -> {
            try {
                m.submitAction(ctx -> ctx.vmStop(RunState.PAUSED)).join();
                seen.set(new AssertionError("join returned"));
            } catch (RuntimeException e) {
                seen.set(e);
            }
        })) {
            Machine machine = vm.machine;
            vm.cue();

            await().atMost(WAIT).until(() -> seen.get() != null);
            assertThat(seen.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("join() called on the vCPU thread 'vcpu-0'")
                    .hasMessageContaining("would deadlock");
            // the stop the vCPU submitted still happens, and the VM answers
            await().atMost(WAIT).until(() -> machine.runState() == RunState.PAUSED);
            assertThat(machine.submit(() -> machine.commands().queryStatus().status()).join())
                    .isEqualTo(RunState.PAUSED);
        }
    }

    @Test
    void joiningASubmittedTaskOnTheControlThreadFailsFast() throws Exception {
        try (Machine machine = Machine.builder().build().start()) {
            CompletableFuture<Throwable> inner = machine.submit(() -> {
                try {
                    machine.submit(() -> 1).join();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });

            assertThat(inner.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("join() called on the control thread");
        }
    }

    @Test
    void submitOfARunnableCompletesAfterTheRequestsItPostedWereProcessed() {
        List<String> changes = new CopyOnWriteArrayList<>();
        try (Machine machine = Machine.builder().build().start()) {
            machine.changeStateHandlers().add((running, state) -> changes.add(running + " " + state.wireName()));

            machine.submit(() -> machine.requests().vmstop(RunState.PAUSED)).join();

            assertThat(machine.runState()).isEqualTo(RunState.PAUSED);
            assertThat(changes).containsExactly("false paused");
        }
    }
}
