package org.runstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.runstate.core.clock.RealtimeClock;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.RunState;
import org.runstate.core.vcpu.VcpuExit;

/**
 * The machine's lifecycle is Guava's {@link Service}: it starts once, ends through STOPPING to
 * TERMINATED when the guest or a client ends it, and ends FAILED (never as a clean exit) when
 * something on its control thread throws where no caller can receive the exception.
 */
class MachineLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The vCPU threads that ran a slice, recorded by the engine itself. */
    private final Set<Thread> vcpuThreads = ConcurrentHashMap.newKeySet();
    private final List<String> errorReports = new CopyOnWriteArrayList<>();

    private Machine.Builder builder() {
        return Machine.builder().vcpus(2).engine(v -> {
            vcpuThreads.add(Thread.currentThread());
            Thread.yield();
            return VcpuExit.CONTINUE;
        }).errorReport(errorReports::add);
    }

    @Test
    void aTimerCallbackThatThrowsEndsTheMachineAsFailedWithTheCauseAndANonZeroStatus() throws Exception {
        Machine machine = builder().build().start();
        await().atMost(WAIT).until(() -> vcpuThreads.size() == 2);
        IllegalStateException bug = new IllegalStateException("device model bug");
        machine.submit(() -> {
            RealtimeClock clock = machine.realtimeClock();
            clock.newTimer(() -> {
                throw bug;
            }).mod(clock.nowNs());
        }).join();

        Termination t = machine.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(t.exitStatus()).isEqualTo(Termination.FAILURE_EXIT_STATUS).isNotZero();
        assertThat(t.failure()).containsSame(bug);
        assertThatThrownBy(() -> machine.awaitTerminated(WAIT)).isInstanceOf(IllegalStateException.class)
                .hasCause(bug);
        assertThat(machine.state()).isEqualTo(Service.State.FAILED);
        assertThat(machine.failureCause()).isSameAs(bug);
        assertThat(machine.runState()).as("vm_shutdown still ran").isEqualTo(RunState.SHUTDOWN);
        assertThat(vcpuThreads).noneMatch(Thread::isAlive);
        assertThat(errorReports).singleElement().asString()
                .startsWith("the machine failed on its control thread: java.lang.IllegalStateException: device model bug");
    }

    @Test
    void aTimerCallbackThatThrowsInsideAQtestClockStepFailsTheMachine() throws Exception {
        Machine machine = builder().clockMode(VirtualClock.Mode.STEPPED).build().start();
        IllegalStateException bug = new IllegalStateException("timer bug");
        machine.submit(() -> {
            VirtualClock clock = machine.virtualClock();
            clock.newTimer(() -> {
                throw bug;
            }).mod(clock.nowNs() + 1000);
        }).join();

        assertThatThrownBy(() -> machine.submit(() -> machine.stepVirtualClock(5000)).join()).hasRootCause(bug);
        Termination t = machine.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(t.failure()).containsSame(bug);
        assertThat(t.exitStatus()).isEqualTo(Termination.FAILURE_EXIT_STATUS);
        await().atMost(WAIT).until(() -> machine.state() == Service.State.FAILED);
    }

    @Test
    void startingTwiceThrowsAndLeavesNoSecondControlThreadOrVcpuThreadsBehind() throws Exception {
        Machine machine = builder().build().start();
        Thread control = machine.submit(Thread::currentThread).join();
        await().atMost(WAIT).until(() -> vcpuThreads.size() == 2);

        assertThatThrownBy(machine::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has already been started");
        assertThatThrownBy(() -> machine.vcpus().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the vCPU threads were started before");
        machine.submit(() -> machine.commands().quit()).join();

        assertThat(machine.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Termination(0, false));
        assertThat(vcpuThreads).hasSize(2).noneMatch(Thread::isAlive);
        control.join(WAIT.toMillis());
        assertThat(control.isAlive()).isFalse();
    }

    @Test
    void aQuitEndsTheServiceThroughStoppingAsTerminatedWithQemusExitStatus() throws Exception {
        Machine machine = builder().build();
        List<String> transitions = new CopyOnWriteArrayList<>();
        machine.addListener(new Service.Listener() {
            @Override
            public void starting() {
                transitions.add("STARTING");
            }

            @Override
            public void running() {
                transitions.add("RUNNING");
            }

            @Override
            public void stopping(final Service.State from) {
                transitions.add("STOPPING");
            }

            @Override
            public void terminated(final Service.State from) {
                transitions.add("TERMINATED");
            }

            @Override
            public void failed(final Service.State from, final Throwable failure) {
                transitions.add("FAILED");
            }
        }, MoreExecutors.directExecutor());
        machine.start();
        assertThat(machine.runState()).isEqualTo(RunState.RUNNING);

        machine.submit(() -> machine.commands().quit()).join();
        machine.awaitTerminated(WAIT);

        await().atMost(WAIT).until(() -> transitions.size() == 4); // listeners run after the state changed
        assertThat(transitions).containsExactly("STARTING", "RUNNING", "STOPPING", "TERMINATED");
        assertThat(machine.termination().getNow(null)).isEqualTo(new Termination(0, false));
        assertThat(machine.runState()).isEqualTo(RunState.SHUTDOWN);
    }

    @Test
    void aServiceManagerStartsAndStopsTheMachineWithTheEmbeddersOtherServices() throws Exception {
        Machine machine = builder().autostart(false).build();
        ServiceManager services = new ServiceManager(List.of(machine));

        services.startAsync().awaitHealthy(WAIT);
        assertThat(machine.isRunning()).isTrue();
        assertThat(machine.runState()).isEqualTo(RunState.PRELAUNCH);
        services.stopAsync().awaitStopped(WAIT);

        assertThat(machine.state()).isEqualTo(Service.State.TERMINATED);
        assertThat(machine.termination().getNow(null)).isEqualTo(new Termination(0, true));
        assertThat(vcpuThreads).noneMatch(Thread::isAlive);
    }

    @Test
    void aMachineClosedBeforeItStartedTerminatesAndCannotStartAnymore() {
        Machine machine = builder().build();

        machine.close();

        assertThat(machine.state()).isEqualTo(Service.State.TERMINATED);
        assertThat(machine.termination()).isCompletedWithValue(new Termination(0, false));
        assertThatThrownBy(machine::start).isInstanceOf(IllegalStateException.class);
        assertThat(vcpuThreads).isEmpty();
    }

    @Test
    void aResetHandlerThatThrowsWhileStartingFailsTheStartWithItsCause() throws Exception {
        Machine machine = builder().build();
        IllegalStateException bug = new IllegalStateException("reset handler bug");
        machine.addResetHandler(cause -> {
            throw bug;
        });

        assertThatThrownBy(machine::start).isInstanceOf(IllegalStateException.class).hasCause(bug);
        Termination t = machine.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(t.failure()).containsSame(bug);
        assertThat(t.exitStatus()).isNotZero();
    }
}
