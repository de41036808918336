package org.runstate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.core.RunStateCommandException;
import org.runstate.core.clock.VirtualClock;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.StopEvent;

/** The rig does what its harness users rely on. */
class MachineRigTest {
    @RegisterExtension
    final MachineRigExtension rigs = new MachineRigExtension();

    @Test
    void eventsIncludeEverythingEmittedBeforeTheCallInBusOrder() {
        MachineRig rig = rigs.start(b -> b);
        rig.qmp(() -> rig.machine().commands().stop());
        rig.qmp(() -> rig.machine().commands().cont());
        assertThat(rig.eventNames()).containsExactly("STOP", "RESUME");
        assertThat(rig.takeEvents()).hasSize(2);
        assertThat(rig.events()).isEmpty();
    }

    @Test
    void byDefaultTheLaunchIsNotRecordedAndWithRecordFromLaunchItIs() {
        assertThat(rigs.start(b -> b).eventNames()).isEmpty();
        assertThat(rigs.track(MachineRig.builder().recordFromLaunch().start()).eventNames()).containsExactly("RESUME");
    }

    @Test
    void awaitEventWaitsForAnEventAnotherThreadCauses() {
        MachineRig rig = rigs.start(b -> b);
        rig.machine().requests().vmstop(RunState.PAUSED);
        assertThat(rig.awaitEvent(StopEvent.class)).isEqualTo(StopEvent.INSTANCE);
        assertThat(rig.awaitEvent("STOP")).isEqualTo(StopEvent.INSTANCE);
    }

    @Test
    void asVcpuRunsOnTheControlThreadAsTheGivenVcpu() {
        MachineRig rig = rigs.start(b -> b.vcpus(2));
        AtomicBoolean ran = new AtomicBoolean();
        int index = rig.asVcpu(1, () -> {
            ran.set(true);
            return 1;
        });
        assertThat(ran).isTrue();
        assertThat(index).isEqualTo(1);
    }

    @Test
    void clockStepMovesSteppedVirtualTime() {
        MachineRig rig = rigs.start(b -> b.clockMode(VirtualClock.Mode.STEPPED));
        long before = rig.machine().virtualClock().nowNs();
        assertThat(rig.clockStep(1_000)).isEqualTo(before + 1_000);
        assertThat(rig.clockSet(before + 5_000)).isEqualTo(before + 5_000);
    }

    @Test
    void qmpFailureReturnsTheCommandsException() {
        MachineRig rig = rigs.start(b -> b);
        assertThat(rig.qmpFailure(() -> {
            throw new RunStateCommandException("refused");
        })).isInstanceOf(RunStateCommandException.class).hasMessage("refused");
    }

    @Test
    void awaitTerminationReturnsHowTheMachineEnded() {
        MachineRig rig = rigs.start(b -> b);
        rig.machine().requests().shutdown(ShutdownCause.GUEST_SHUTDOWN);
        assertThat(rig.awaitTermination().exitStatus()).isZero();
    }
}
