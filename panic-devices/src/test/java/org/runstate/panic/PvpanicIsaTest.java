package org.runstate.panic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.runstate.panic.PanicMachine.actions;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.runstate.core.RunStateCommandException;
import org.runstate.core.Termination;
import org.runstate.core.qapi.GuestCrashloadedEvent;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * {@code -device pvpanic}: the scenarios pvpanic-read-events, pvpanic-pause-cont,
 * pvpanic-default-shutdown-exit, pvpanic-none-and-crashloaded and pvpanic-runtime-action-change,
 * plus the register details of devices.md §2.4 and the action table of §2.5.
 */
class PvpanicIsaTest {
    private static final int PORT = PvpanicIsa.DEFAULT_IOPORT;
    private static final GuestPanickedEvent PANICKED_PAUSE = new GuestPanickedEvent(GuestPanicAction.PAUSE, null);
    private static final GuestPanickedEvent PANICKED_POWEROFF = new GuestPanickedEvent(GuestPanicAction.POWEROFF, null);
    private static final GuestPanickedEvent PANICKED_RUN = new GuestPanickedEvent(GuestPanicAction.RUN, null);
    private static final GuestCrashloadedEvent CRASHLOADED_RUN = new GuestCrashloadedEvent(GuestPanicAction.RUN, null);
    private static final ShutdownEvent SHUTDOWN_GUEST_PANIC = new ShutdownEvent(true, ShutdownCause.GUEST_PANIC);

    private static PanicMachine withPvpanic(final String... actions) {
        return PanicMachine.start(actions(actions),
                p -> PvpanicIsa.plug(p.machine(), p.io(), PvpanicIsa.DEFAULT_IOPORT, Pvpanic.DEFAULT_EVENTS));
    }

    @Test
    void readsTheEventsValueInEveryByteAtEveryWidth() {
        try (PanicMachine m = withPvpanic()) {
            assertThat(m.in(PORT, 1)).isEqualTo(0x03);
            assertThat(m.in(PORT, 2)).isEqualTo(0x0303);
            assertThat(m.in(PORT, 4)).isEqualTo(0x03030303L);
        }
    }

    @Test
    void theEventsPropertyChangesWhatReadsReturn() {
        try (PanicMachine m = PanicMachine.start(actions(), p -> PvpanicIsa.plug(p.machine(), p.io(), PORT, 1))) {
            assertThat(m.in(PORT, 1)).isEqualTo(0x01);
            assertThat(m.in(PORT, 2)).isEqualTo(0x0101);
        }
    }

    @Test
    void theIoportPropertyMovesTheRegister() {
        try (PanicMachine m = PanicMachine.start(actions(), p -> PvpanicIsa.plug(p.machine(), p.io(), 0x600, 3))) {
            assertThat(m.in(0x600, 1)).isEqualTo(0x03);
            assertThat(m.in(PORT, 1)).as("nothing at 0x505: unassigned port").isEqualTo(0xff);
        }
    }

    @Test
    void panicPauseEmitsGuestPanickedPauseThenStopInGuestPanicked() {
        try (PanicMachine m = withPvpanic("panic=pause")) {
            m.out(PORT, 1, 0x1);
            m.expectPausedByPanic(PANICKED_PAUSE);
        }
    }

    @Test
    void stopIsSilentAndContResumesAfterAPanicPause() {
        try (PanicMachine m = withPvpanic("panic=pause")) {
            m.out(PORT, 1, 0x1);
            m.expectEvents(PANICKED_PAUSE, StopEvent.INSTANCE);
            m.qmp(() -> m.machine.commands().stop());
            m.expectNoEvents();
            m.contResumes();
            assertThat(m.in(PORT, 1)).isEqualTo(0x03);
        }
    }

    @Test
    void systemResetAfterAPanicGoesToPrelaunchAndContRuns() {
        try (PanicMachine m = withPvpanic("panic=pause")) {
            m.out(PORT, 1, 0x1);
            m.expectEvents(PANICKED_PAUSE, StopEvent.INSTANCE);
            m.qmp(() -> m.machine.commands().systemReset());
            m.expectEvents(new ResetEvent(false, ShutdownCause.HOST_QMP_SYSTEM_RESET));
            assertThat(m.state()).isEqualTo(RunState.PRELAUNCH);
            m.contResumes();
            assertThat(m.in(PORT, 1)).as("the ISA port survives the reset").isEqualTo(0x03);
        }
    }

    @Test
    void aSecondPanicWhileStoppedEmitsGuestPanickedAgainWithoutStop() {
        try (PanicMachine m = withPvpanic("panic=pause")) {
            m.out(PORT, 1, 0x1);
            m.expectEvents(PANICKED_PAUSE, StopEvent.INSTANCE);
            m.out(PORT, 1, 0x1);
            m.expectEvents(PANICKED_PAUSE);
            assertThat(m.state()).isEqualTo(RunState.GUEST_PANICKED);
        }
    }

    @Test
    void defaultActionShutsDownWithoutStopAndExitsZero() {
        try (PanicMachine m = withPvpanic()) {
            m.out(PORT, 1, 0x1);
            assertThat(m.awaitTermination()).isEqualTo(new Termination(0, false));
            m.expectEvents(PANICKED_POWEROFF, SHUTDOWN_GUEST_PANIC);
        }
    }

    @Test
    void exitFailureShutsDownAndExitsWithStatusOne() {
        try (PanicMachine m = withPvpanic("panic=exit-failure")) {
            m.out(PORT, 1, 0x1);
            assertThat(m.awaitTermination().exitStatus()).isEqualTo(1);
            m.expectEvents(PANICKED_POWEROFF, SHUTDOWN_GUEST_PANIC);
        }
    }

    @Test
    void noShutdownTurnsTheDefaultPanicActionIntoPause() {
        try (PanicMachine m = PanicMachine.start(actions().noShutdown(),
                p -> PvpanicIsa.plug(p.machine(), p.io(), PORT, Pvpanic.DEFAULT_EVENTS))) {
            m.out(PORT, 1, 0x1);
            m.expectPausedByPanic(PANICKED_PAUSE);
        }
    }

    @Test
    void exitFailureWithNoShutdownReportsPoweroffAndStopsInShutdown() {
        try (PanicMachine m = PanicMachine.start(actions("panic=exit-failure").noShutdown(),
                p -> PvpanicIsa.plug(p.machine(), p.io(), PORT, Pvpanic.DEFAULT_EVENTS))) {
            m.out(PORT, 1, 0x1);
            m.expectEvents(PANICKED_POWEROFF, SHUTDOWN_GUEST_PANIC, StopEvent.INSTANCE);
            assertThat(m.state()).isEqualTo(RunState.SHUTDOWN);
            assertThatThrownBy(() -> m.qmp(() -> m.machine.commands().cont()))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(RunStateCommandException.class)
                    .hasRootCauseMessage("Resetting the Virtual Machine is required");
        }
    }

    /** Writes that report a panic or a crash load the VM runs through. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        panic=none reports run and keeps running                      | panic=none  | 0x1 | panicked
        bit one alone reports crashloaded, run, whatever the action   | panic=pause | 0x2 | crashloaded
        both bits count as a panic only                               | panic=none  | 0x3 | panicked
        """)
    void aWriteReportsRunAndTheVmKeepsRunning(final String behaviour, final String actions, final String value,
            final String reported) {
        try (PanicMachine m = withPvpanic(actions)) {
            m.out(PORT, 1, Integer.decode(value));
            m.expectEvents(reported.equals("crashloaded") ? CRASHLOADED_RUN : PANICKED_RUN);
            assertThat(m.state()).isEqualTo(RunState.RUNNING);
        }
    }

    /** A pvpanic at the default port (panic=none) whose unknown-event log lines go to {@code log}. */
    private static PanicMachine withPvpanicLoggingUnknownEventsTo(final List<String> log) {
        return PanicMachine.start(actions("panic=none"),
                p -> PvpanicIsa.plug(p.machine(), p.io(), PORT, 3, new UnknownEventLog(log::add)));
    }

    @Test
    void writingZeroDoesNothing() {
        List<String> log = new CopyOnWriteArrayList<>();
        try (PanicMachine m = withPvpanicLoggingUnknownEventsTo(log)) {
            m.out(PORT, 1, 0x0);
            m.expectNoEvents();
            assertThat(log).isEmpty();
            assertThat(m.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void unknownBitsLogOnceAndDoNothingElse() {
        List<String> log = new CopyOnWriteArrayList<>();
        try (PanicMachine m = withPvpanicLoggingUnknownEventsTo(log)) {
            m.out(PORT, 1, 0x4);
            m.out(PORT, 1, 0x80);
            m.expectNoEvents();
            assertThat(log).containsExactly("pvpanic: unknown event 0x4.");
            assertThat(m.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void aKnownBitNextToAnUnknownOneStillActs() {
        List<String> log = new CopyOnWriteArrayList<>();
        try (PanicMachine m = withPvpanicLoggingUnknownEventsTo(log)) {
            m.out(PORT, 1, 0x06);
            m.expectEvents(CRASHLOADED_RUN);
            assertThat(log).containsExactly("pvpanic: unknown event 0x6.");
        }
    }

    @Test
    void theEventsPropertyDoesNotFilterWrites() {
        try (PanicMachine m = PanicMachine.start(actions("panic=none"), p -> PvpanicIsa.plug(p.machine(), p.io(), PORT, 1))) {
            m.out(PORT, 1, 0x2);
            m.expectEvents(CRASHLOADED_RUN);
        }
    }

    @Test
    void aWordWriteIsTwoByteWritesLowByteFirst() {
        try (PanicMachine m = withPvpanic("panic=none")) {
            m.out(PORT, 2, 0x0001);
            m.expectEvents(PANICKED_RUN);
            m.out(PORT, 2, 0x0201);
            m.expectEvents(PANICKED_RUN, CRASHLOADED_RUN);
            m.out(PORT, 4, 0x01010101L);
            m.expectEvents(PANICKED_RUN, PANICKED_RUN, PANICKED_RUN, PANICKED_RUN);
        }
    }

    @Test
    void setActionTakesEffectForTheNextPanic() {
        try (PanicMachine m = withPvpanic()) {
            m.qmp(() -> m.machine.commands().setAction(panicAction(PanicAction.NONE)));
            m.out(PORT, 1, 0x1);
            m.expectEvents(PANICKED_RUN);
            m.qmp(() -> m.machine.commands().setAction(panicAction(PanicAction.PAUSE)));
            m.out(PORT, 1, 0x1);
            m.expectPausedByPanic(PANICKED_PAUSE);
            m.qmp(() -> m.machine.commands().setAction(panicAction(PanicAction.SHUTDOWN)));
            m.qmp(() -> m.machine.commands().cont());
            m.expectEvents(ResumeEvent.INSTANCE);
            m.out(PORT, 1, 0x1);
            assertThat(m.awaitTermination().exitStatus()).isZero();
            m.expectEvents(PANICKED_POWEROFF, SHUTDOWN_GUEST_PANIC);
        }
    }

    @Test
    void aGuestWriteOnTheVcpuThreadPausesTheVm() {
        try (PanicMachine m = PanicMachine.startWithGuestThread(actions("panic=pause"),
                p -> PvpanicIsa.plug(p.machine(), p.io(), PORT, Pvpanic.DEFAULT_EVENTS))) {
            m.onVcpuThread(() -> m.platform.io().write(PORT, 1, 0x1));
            m.expectPausedByPanic(PANICKED_PAUSE);
            assertThat(m.machine.vcpus().vcpus().get(0).crashOccurred()).isTrue();
        }
    }

    /**
     * QEMU posts the vmstop and the shutdown request under the BQL, so its main loop sees both and
     * handles the shutdown first: no STOP, even when the write comes from a real vCPU thread.
     */
    @Test
    void aGuestWriteOnTheVcpuThreadWithTheDefaultActionShutsDownWithoutStop() {
        try (PanicMachine m = PanicMachine.startWithGuestThread(actions(),
                p -> PvpanicIsa.plug(p.machine(), p.io(), PORT, Pvpanic.DEFAULT_EVENTS))) {
            m.onVcpuThread(() -> m.platform.io().write(PORT, 1, 0x1));
            assertThat(m.awaitTermination().exitStatus()).isZero();
            m.expectEvents(PANICKED_POWEROFF, SHUTDOWN_GUEST_PANIC);
        }
    }

    @Test
    void aSecondIsaPvpanicFailsOnTheDuplicateFwCfgFile() {
        try (PanicMachine m = withPvpanic()) {
            assertThatThrownBy(() -> PvpanicIsa.plug(m.platform.machine(), m.platform.io(), 0x600, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("duplicate fw_cfg file name: etc/pvpanic-port");
            assertThat(m.in(0x600, 1)).as("the failed device maps nothing").isEqualTo(0xff);
        }
    }

    @Test
    void propertiesOutOfRangeFailWithQemusMessages() {
        try (PanicMachine m = PanicMachine.start(actions(), p -> { })) {
            assertThatThrownBy(() -> PvpanicIsa.plug(m.platform.machine(), m.platform.io(), PORT, 300))
                    .hasMessage("Parameter 'events' expects uint8_t");
            assertThatThrownBy(() -> PvpanicIsa.plug(m.platform.machine(), m.platform.io(), 0x10000, 3))
                    .hasMessage("Parameter 'ioport' expects uint16_t");
            PvpanicIsa ok = PvpanicIsa.plug(m.platform.machine(), m.platform.io(), PORT, 3);
            assertThat(ok.ioport()).isEqualTo(PORT);
            assertThat(ok.events()).isEqualTo(3);
        }
    }

    @Test
    void theFwCfgFileHoldsThePortLittleEndian() {
        try (PanicMachine m = PanicMachine.start(actions(), p -> { })) {
            assertThat(PvpanicIsa.plug(m.platform.machine(), m.platform.io(), 0x1234, 3).fwCfgPortFile()).containsExactly(0x34, 0x12);
        }
    }

    private static SetActionCommand panicAction(final PanicAction panic) {
        return new SetActionCommand(null, null, panic, null);
    }
}
