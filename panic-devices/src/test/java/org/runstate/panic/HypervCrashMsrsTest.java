package org.runstate.panic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.runstate.panic.HypervCrashMsrs.CRASH_CTL;
import static org.runstate.panic.HypervCrashMsrs.CRASH_CTL_MESSAGE;
import static org.runstate.panic.HypervCrashMsrs.CRASH_CTL_NOTIFY;
import static org.runstate.panic.HypervCrashMsrs.CRASH_P0;
import static org.runstate.panic.PanicMachine.actions;

import org.junit.jupiter.api.Test;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanicInformationHyperV;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.ResumeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;

/**
 * {@code -cpu MODEL,hv-crash}: the scenario hyperv-crash-pause, Linux's {@code hyperv_report_panic}
 * sequence, and the KVM/QEMU details of devices.md §3.3-3.4.
 */
class HypervCrashMsrsTest {
    private static final GuestPanicInformationHyperV SCENARIO_INFO =
            new GuestPanicInformationHyperV(0x11, 0x22, 0x33, 0x44, 0x55);

    private static PanicMachine withHvCrash(final ActionCommandLine actions) {
        return PanicMachine.start(actions, p -> HypervCrashMsrs.install(p.machine(), p.msrs()));
    }

    private static void writeScenarioParameters(final PanicMachine m, final int vcpu) {
        for (int n = 0; n < HypervCrashMsrs.CRASH_PARAMS; n++) {
            assertThat(m.wrmsr(vcpu, CRASH_P0 + n, 0x11L * (n + 1))).isTrue();
        }
    }

    @Test
    void crashCtlReadsCrashNotifyOnly() {
        try (PanicMachine m = withHvCrash(actions())) {
            assertThat(m.rdmsr(0, CRASH_CTL)).isEqualTo(0x8000000000000000L);
        }
    }

    @Test
    void parametersReadBackWhatWasWritten() {
        try (PanicMachine m = withHvCrash(actions())) {
            assertThat(m.rdmsr(0, CRASH_P0)).as("0 before any write").isZero();
            writeScenarioParameters(m, 0);
            assertThat(m.rdmsr(0, CRASH_P0)).isEqualTo(0x11L);
            assertThat(m.rdmsr(0, HypervCrashMsrs.CRASH_P4)).isEqualTo(0x55L);
            assertThat(m.wrmsr(0, CRASH_P0 + 2, -1L)).isTrue();
            assertThat(m.rdmsr(0, CRASH_P0 + 2)).isEqualTo(-1L);
            m.expectNoEvents();
        }
    }

    @Test
    void crashCtlWithCrashNotifyReportsAPanicWithTheParametersThenStops() {
        try (PanicMachine m = withHvCrash(actions("panic=pause"))) {
            writeScenarioParameters(m, 0);
            assertThat(m.wrmsr(0, CRASH_CTL, CRASH_CTL_NOTIFY)).isTrue();
            m.expectPausedByPanic(new GuestPanickedEvent(GuestPanicAction.PAUSE, SCENARIO_INFO));
            m.contResumes();
        }
    }

    @Test
    void theDefaultPanicActionShutsDownWithTheInformation() {
        try (PanicMachine m = withHvCrash(actions())) {
            writeScenarioParameters(m, 0);
            m.wrmsr(0, CRASH_CTL, CRASH_CTL_NOTIFY);
            assertThat(m.awaitTermination().exitStatus()).isZero();
            m.expectEvents(new GuestPanickedEvent(GuestPanicAction.POWEROFF, SCENARIO_INFO),
                    new ShutdownEvent(true, ShutdownCause.GUEST_PANIC));
        }
    }

    @Test
    void crashCtlWithoutCrashNotifyIsIgnored() {
        try (PanicMachine m = withHvCrash(actions("panic=pause"))) {
            assertThat(m.wrmsr(0, CRASH_CTL, 0)).isTrue();
            assertThat(m.wrmsr(0, CRASH_CTL, CRASH_CTL_MESSAGE)).as("CrashMessage is not offered").isTrue();
            assertThat(m.wrmsr(0, CRASH_CTL, 0x3fffffffffffffffL)).isTrue();
            m.expectNoEvents();
            assertThat(m.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void crashCtlReadBackNeverChanges() {
        try (PanicMachine m = withHvCrash(actions("panic=none"))) {
            m.wrmsr(0, CRASH_CTL, 0);
            assertThat(m.rdmsr(0, CRASH_CTL)).isEqualTo(CRASH_CTL_NOTIFY);
            m.wrmsr(0, CRASH_CTL, -1L);
            assertThat(m.rdmsr(0, CRASH_CTL)).isEqualTo(CRASH_CTL_NOTIFY);
        }
    }

    /**
     * arch/x86/hyperv/hv_init.c {@code hyperv_report_panic(regs, err, in_die)}: QEMU offers only
     * CrashNotify, so Linux takes the register path: P0 = err, P1 = HV_X64_MSR_GUEST_OS_ID,
     * P2 = regs->ip, P3 = regs->ax, P4 = regs->sp, then CRASH_CTL = CrashNotify.
     */
    @Test
    void linuxReportsAPanicThroughTheRegisterPathAndTheEventMatchesTheSchema() {
        long err = 0;                                 // panic(): die code 0
        long guestOsId = 0x8100_0000_060a_0000L;      // HV_LINUX_VENDOR_ID | kernel 6.10
        long ip = 0xffff_ffff_8100_1234L;
        long ax = 0x37L;
        long sp = 0xffff_c900_0001_3e58L;
        try (PanicMachine m = PanicMachine.startWithGuestThread(actions("panic=pause"), p -> HypervCrashMsrs.install(p.machine(), p.msrs()))) {
            m.onVcpuThread(() -> {
                var msrs = m.platform.msrs();
                var self = m.machine.vcpus().vcpus().get(0);
                // hv_common_init: CrashMessage (bit 62) not offered -> no kmsg dumper page
                if ((msrs.read(self, CRASH_CTL) & CRASH_CTL_MESSAGE) != 0) {
                    throw new AssertionError("CrashMessage must not be offered");
                }
                msrs.write(self, CRASH_P0, err);
                msrs.write(self, CRASH_P0 + 1, guestOsId);
                msrs.write(self, CRASH_P0 + 2, ip);
                msrs.write(self, CRASH_P0 + 3, ax);
                msrs.write(self, CRASH_P0 + 4, sp);
                msrs.write(self, CRASH_CTL, CRASH_CTL_NOTIFY);
            });
            GuestPanickedEvent expected = new GuestPanickedEvent(GuestPanicAction.PAUSE,
                    new GuestPanicInformationHyperV(err, guestOsId, ip, ax, sp));
            m.expectEvents(expected, StopEvent.INSTANCE);
            QapiSchemaCheck.assertConforms(expected);
            assertThat(Long.toUnsignedString(((GuestPanicInformationHyperV) expected.info()).arg3()))
                    .as("arg3 is a uint64: regs->ip").isEqualTo("18446744071578849844");
        }
    }

    @Test
    void withoutHvCrashTheMsrsFault() {
        try (PanicMachine m = PanicMachine.start(actions("panic=pause"), p -> { })) {
            for (long msr = CRASH_P0; msr <= CRASH_CTL; msr++) {
                assertThat(m.rdmsr(0, msr)).as("rdmsr 0x%x #GP", msr).isNull();
                assertThat(m.wrmsr(0, msr, CRASH_CTL_NOTIFY)).as("wrmsr 0x%x #GP", msr).isFalse();
            }
            m.expectNoEvents();
        }
    }

    @Test
    void theMsrsAroundTheRangeStillFault() {
        try (PanicMachine m = withHvCrash(actions())) {
            assertThat(m.rdmsr(0, CRASH_P0 - 1)).isNull();
            assertThat(m.rdmsr(0, CRASH_CTL + 1)).isNull();
        }
    }

    @Test
    void parametersArePerVcpuAndTheReportUsesTheWritingVcpus() {
        try (PanicMachine m = PanicMachine.start(2, actions("panic=none"), p -> HypervCrashMsrs.install(p.machine(), p.msrs()))) {
            writeScenarioParameters(m, 1);
            assertThat(m.rdmsr(0, CRASH_P0)).isZero();
            m.wrmsr(1, CRASH_CTL, CRASH_CTL_NOTIFY);
            m.expectEvents(new GuestPanickedEvent(GuestPanicAction.RUN, SCENARIO_INFO));
        }
    }

    @Test
    void crashInformationIsThatOfTheVcpuThatCrashed() {
        HypervCrashMsrs[] hv = new HypervCrashMsrs[1];
        try (PanicMachine m = PanicMachine.start(2, actions("panic=none"), p -> hv[0] = HypervCrashMsrs.install(p.machine(), p.msrs()))) {
            writeScenarioParameters(m, 1);
            assertThat(hv[0].crashInformation(1)).as("No crash occurred").isEmpty();
            m.wrmsr(1, CRASH_CTL, CRASH_CTL_NOTIFY);
            m.expectEvents(new GuestPanickedEvent(GuestPanicAction.RUN, SCENARIO_INFO));
            assertThat(hv[0].crashInformation(1)).contains(SCENARIO_INFO);
            assertThat(hv[0].crashInformation(0)).isEmpty();
            assertThat(hv[0].parameters(1)).isEqualTo(SCENARIO_INFO);
            assertThat(hv[0].parameter(1, 4)).isEqualTo(0x55L);
        }
    }

    @Test
    void systemResetClearsTheParametersAndTheCrash() {
        HypervCrashMsrs[] hv = new HypervCrashMsrs[1];
        try (PanicMachine m = PanicMachine.start(actions("panic=pause"), p -> hv[0] = HypervCrashMsrs.install(p.machine(), p.msrs()))) {
            writeScenarioParameters(m, 0);
            m.wrmsr(0, CRASH_CTL, CRASH_CTL_NOTIFY);
            m.expectEvents(new GuestPanickedEvent(GuestPanicAction.PAUSE, SCENARIO_INFO), StopEvent.INSTANCE);
            m.qmp(() -> m.machine.commands().systemReset());
            m.expectEvents(new ResetEvent(false, ShutdownCause.HOST_QMP_SYSTEM_RESET));
            assertThat(hv[0].crashInformation(0)).isEmpty();
            assertThat(hv[0].parameters(0)).isEqualTo(new GuestPanicInformationHyperV(0, 0, 0, 0, 0));
            m.qmp(() -> m.machine.commands().cont());
            m.expectEvents(ResumeEvent.INSTANCE);
            assertThat(m.rdmsr(0, CRASH_P0)).isZero();
            assertThat(m.rdmsr(0, CRASH_CTL)).isEqualTo(CRASH_CTL_NOTIFY);
        }
    }

    @Test
    void anEngineReportsThroughTheMsrHookOnItsVcpuThread() {
        HypervCrashMsrs[] hv = new HypervCrashMsrs[1];
        try (PanicMachine m = PanicMachine.startWithGuestThread(actions("panic=pause"),
                p -> hv[0] = HypervCrashMsrs.install(p.machine(), p.msrs()))) {
            m.onVcpuThread(() -> {
                var self = m.machine.vcpus().vcpus().get(0);
                for (int n = 0; n < HypervCrashMsrs.CRASH_PARAMS; n++) {
                    m.platform.msrs().write(self, CRASH_P0 + n, 0x11L * (n + 1));
                }
                m.platform.msrs().write(self, CRASH_CTL, CRASH_CTL_NOTIFY);
            });
            m.expectPausedByPanic(new GuestPanickedEvent(GuestPanicAction.PAUSE, SCENARIO_INFO));
            assertThat(hv[0].crashInformation(0)).as("crash_occurred set on the vCPU thread").contains(SCENARIO_INFO);
        }
    }

    @Test
    void installingTwiceFails() {
        try (PanicMachine m = withHvCrash(actions())) {
            assertThatThrownBy(() -> HypervCrashMsrs.install(m.platform.machine(), m.platform.msrs()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("MSR 0x40000100 is already registered");
        }
    }
}
