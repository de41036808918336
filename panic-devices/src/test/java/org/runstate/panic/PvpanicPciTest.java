package org.runstate.panic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.runstate.panic.PanicMachine.actions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.GuestCrashloadedEvent;
import org.runstate.core.qapi.GuestPanicAction;
import org.runstate.core.qapi.GuestPanickedEvent;
import org.runstate.core.qapi.ResetEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.ShutdownCause;

/**
 * {@code -device pvpanic-pci,addr=05.0}: the scenario pvpanic-pci-pause step by step (ids, BAR
 * sizing, mapping through 0xCF8/0xCFC, MMIO read, panic, cont) and the rest of devices.md §2.3.
 */
class PvpanicPciTest {
    private static final int DEVFN = 0x28; // 05.0
    private static final long BAR_ADDR = 0xfe001000L;
    private static final GuestPanickedEvent PANICKED_PAUSE = new GuestPanickedEvent(GuestPanicAction.PAUSE, null);

    private static PanicMachine withPvpanicPci(final String... actions) {
        return PanicMachine.start(actions(actions), p -> PvpanicPci.plug(p.machine(), p.pci(), DEVFN, Pvpanic.DEFAULT_EVENTS));
    }

    /** What the scenario and QEMU's pvpanic-pci-test do: program BAR0, enable memory decoding. */
    private static void mapBar0(final PanicMachine m, final int devfn) {
        m.configWrite(devfn, 0x10, 4, BAR_ADDR);
        m.configWrite(devfn, 0x04, 2, 0x2);
    }

    @Test
    void identityIsRedHatPvpanicRevisionOneClassSystemOther() {
        try (PanicMachine m = withPvpanicPci()) {
            assertThat(m.configRead(DEVFN, 0x00, 4)).isEqualTo(0x00111b36L);
            assertThat(m.configRead(DEVFN, 0x08, 4)).isEqualTo(0x08800001L);
            assertThat(m.configRead(DEVFN, 0x2c, 4)).isEqualTo(0x11001af4L);
            assertThat(m.configRead(DEVFN, 0x0e, 1)).as("header type").isZero();
            assertThat(m.configRead(DEVFN, 0x3d, 1)).as("interrupt pin").isZero();
        }
    }

    @Test
    void bar0SizesAsTwoBytesOf32BitMemory() {
        try (PanicMachine m = withPvpanicPci()) {
            assertThat(m.configRead(DEVFN, 0x10, 4)).as("memory BAR type bits").isZero();
            m.configWrite(DEVFN, 0x10, 4, 0xffffffffL);
            assertThat(m.configRead(DEVFN, 0x10, 4)).isEqualTo(0xfffffffeL);
        }
    }

    /**
     * Every byte lane reads the events value, up to a dword (the 2-byte region takes a whole dword
     * at its start). A guest's 8-byte read is two dword chunks on the BAR's shared page, and the
     * second is unassigned, so it reads 0: recorded from QEMU 7.2 (mmio-unaligned-reads).
     */
    @Test
    void aMappedBarReadsTheEventsValueInEveryByteUpToADwordAndAQuadReadsZero() {
        try (PanicMachine m = withPvpanicPci()) {
            mapBar0(m, DEVFN);
            assertThat(m.configRead(DEVFN, 0x10, 4)).isEqualTo(BAR_ADDR);
            assertThat(m.read(BAR_ADDR, 1)).isEqualTo(0x03);
            assertThat(m.read(BAR_ADDR, 2)).isEqualTo(0x0303);
            assertThat(m.read(BAR_ADDR, 4)).isEqualTo(0x03030303L);
            assertThat(m.read(BAR_ADDR, 8)).isZero();
        }
    }

    @Test
    void theBarDecodesOnlyWithMemorySpaceEnabled() {
        try (PanicMachine m = withPvpanicPci()) {
            m.configWrite(DEVFN, 0x10, 4, BAR_ADDR);
            assertThat(m.read(BAR_ADDR, 1)).as("command 0").isZero();
            m.configWrite(DEVFN, 0x04, 2, 0x1);
            assertThat(m.read(BAR_ADDR, 1)).as("command 1: I/O only").isZero();
            m.configWrite(DEVFN, 0x04, 2, 0x2);
            assertThat(m.read(BAR_ADDR, 1)).isEqualTo(0x03);
        }
    }

    @Test
    void writingOnePanicsPausesAndContResumes() {
        try (PanicMachine m = withPvpanicPci("panic=pause")) {
            mapBar0(m, DEVFN);
            m.write(BAR_ADDR, 1, 0x1);
            m.expectPausedByPanic(PANICKED_PAUSE);
            m.contResumes();
        }
    }

    @Test
    void writingTwoReportsCrashloadedRun() {
        try (PanicMachine m = withPvpanicPci("panic=pause")) {
            mapBar0(m, DEVFN);
            m.write(BAR_ADDR, 1, 0x2);
            m.expectEvents(new GuestCrashloadedEvent(GuestPanicAction.RUN, null));
            assertThat(m.state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void theSecondByteOfTheBarIsTheSameRegister() {
        try (PanicMachine m = withPvpanicPci("panic=none")) {
            mapBar0(m, DEVFN);
            assertThat(m.read(BAR_ADDR + 1, 1)).isEqualTo(0x03);
            m.write(BAR_ADDR + 1, 1, 0x1);
            m.expectEvents(new GuestPanickedEvent(GuestPanicAction.RUN, null));
        }
    }

    @Test
    void theEventsPropertyChangesReadsButDoesNotFilterWrites() {
        try (PanicMachine m = PanicMachine.start(actions("panic=none"), p -> PvpanicPci.plug(p.machine(), p.pci(), DEVFN, 1))) {
            mapBar0(m, DEVFN);
            assertThat(m.read(BAR_ADDR, 1)).isEqualTo(0x01);
            m.write(BAR_ADDR, 1, 0x2);
            m.expectEvents(new GuestCrashloadedEvent(GuestPanicAction.RUN, null));
        }
    }

    @Test
    void unknownBitsShareTheOnceOnlyLogWithTheIsaDevice() {
        List<String> log = new CopyOnWriteArrayList<>();
        UnknownEventLog shared = new UnknownEventLog(log::add);
        try (PanicMachine m = PanicMachine.start(actions("panic=none"), p -> {
            PvpanicIsa.plug(p.machine(), p.io(), PvpanicIsa.DEFAULT_IOPORT, 3, shared);
            PvpanicPci.plug(p.machine(), p.pci(), DEVFN, 3, shared);
        })) {
            mapBar0(m, DEVFN);
            m.write(BAR_ADDR, 1, 0x8);
            m.out(PvpanicIsa.DEFAULT_IOPORT, 1, 0x4);
            m.expectNoEvents();
            assertThat(log).containsExactly("pvpanic: unknown event 0x8.");
        }
    }

    @Test
    void automaticPlacementTakesTheFirstFreeSlot() {
        PvpanicPci[] device = new PvpanicPci[1];
        try (PanicMachine m = PanicMachine.start(actions(), p -> device[0] = PvpanicPci.plug(p.machine(), p.pci(), -1, 3))) {
            assertThat(device[0].devfn()).as("slot 2: 00.0 and 01.x are the i440FX and PIIX").isEqualTo(0x10);
            assertThat(m.configRead(0x10, 0x00, 4)).isEqualTo(0x00111b36L);
        }
    }

    @Test
    void severalPciDevicesMayCoexist() {
        try (PanicMachine m = PanicMachine.start(actions(), p -> {
            PvpanicPci.plug(p.machine(), p.pci(), DEVFN, 3);
            PvpanicPci.plug(p.machine(), p.pci(), 0x30, 1);
        })) {
            assertThat(m.configRead(0x30, 0x00, 4)).isEqualTo(0x00111b36L);
        }
    }

    @Test
    void aTakenPlaceFailsWithThePciBusMessage() {
        try (PanicMachine m = withPvpanicPci()) {
            assertThatThrownBy(() -> PvpanicPci.plug(m.platform.machine(), m.platform.pci(), DEVFN, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("PCI: slot 5 function 0 not available for pvpanic-pci, in use by pvpanic-pci");
        }
    }

    @Test
    void anEventsValueOutOfRangeFailsWithQemusMessage() {
        try (PanicMachine m = PanicMachine.start(actions(), p -> { })) {
            assertThatThrownBy(() -> PvpanicPci.plug(m.platform.machine(), m.platform.pci(), DEVFN, 256))
                    .hasMessage("Parameter 'events' expects uint8_t");
            assertThat(m.configRead(DEVFN, 0x00, 4)).as("nothing plugged").isEqualTo(0xffffffffL);
        }
    }

    @Test
    void systemResetUnmapsTheBar() {
        try (PanicMachine m = withPvpanicPci("panic=pause")) {
            mapBar0(m, DEVFN);
            m.qmp(() -> m.machine.commands().systemReset());
            m.expectEvents(new ResetEvent(false, ShutdownCause.HOST_QMP_SYSTEM_RESET));
            assertThat(m.configRead(DEVFN, 0x10, 4)).isZero();
            assertThat(m.configRead(DEVFN, 0x04, 2)).isZero();
            assertThat(m.read(BAR_ADDR, 1)).isZero();
        }
    }
}
