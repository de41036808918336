package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Machine options checked after the option loop, with QEMU 7.2's messages (no location, as QEMU). */
class MachineOptionsTest {
    /** A command line the launcher refuses, with QEMU 7.2's message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        more CPUs than the machine takes are refused                             | -smp 1000                           | Invalid SMP CPUs 1000. The max CPUs supported by machine 'pc-i440fx-7.2' is 255
        a topology whose product is not the CPU count is refused                 | -smp 2,sockets=1,cores=1,threads=1  | Invalid CPU topology: product of the hierarchy must match maxcpus: sockets (1) * dies (1) * cores (1) * threads (1) != maxcpus (2)
        a CPU count that is no number is refused                                 | -smp foo                            | Parameter 'smp.cpus' expects integer
        an unknown machine property is not found                                 | -M pc,nosuch=1                      | Property 'pc-i440fx-7.2-machine.nosuch' not found
        an unknown CPU model is not found                                        | -cpu Skylake-Server                 | unable to find CPU model 'Skylake-Server'
        an unknown device is no valid model name                                 | -device virtio-blk-pci              | -device virtio-blk-pci: 'virtio-blk-pci' is not a valid device model name
        a device on a missing bus is refused                                     | -device i6300esb,bus=nope           | -device i6300esb,bus=nope: Bus 'nope' not found
        an ISA device cannot go on the PCI bus                                   | -device ib700,bus=pci.0             | -device ib700,bus=pci.0: Device 'ib700' can't go on PCI bus
        a PCI device cannot go on the ISA bus, before its properties are checked | -device i6300esb,bus=isa.0,nosuch=1 | -device i6300esb,bus=isa.0,nosuch=1: Device 'i6300esb' can't go on ISA bus
        """)
    void isRefused(final String behaviour, final String commandLine, final String message) {
        assertThatThrownBy(() -> RunstateVm.launch(commandLine.split(" "))).hasMessage(message);
    }

    @Test
    void anUnknownMachineTypeIsRefusedWithQemusHint() {
        assertThatThrownBy(() -> RunstateVm.launch("-M", "q35"))
                .hasMessage("unsupported machine type\nUse -machine help to list supported machines");
    }

    @Test
    void theIb700TakesNoPropertiesButAnIdAndItsBus() {
        assertThatThrownBy(() -> RunstateVm.launch("-device", "ib700,foo=1"))
                .hasMessage("-device ib700,foo=1: Property 'ib700.foo' not found");
        try (RunstateVm vm = RunstateVm.launch("-accel", "qtest", "-S", "-device", "ib700,id=wdt,bus=isa.0")) {
            assertThat(vm.machine()).isNotNull();
        }
    }

    @Test
    void theMemoryBackendGivesTheRamSizeAndMustMatchDashM() {
        try (RunstateVm vm = RunstateVm.launch("-accel", "qtest", "-machine", "pc,memory-backend=pc.ram", "-object",
                "{\"qom-type\":\"memory-backend-ram\",\"id\":\"pc.ram\",\"size\":134217728}", "-m", "128")) {
            assertThat(vm.machine()).isNotNull();
        }
        assertThatThrownBy(() -> RunstateVm.launch("-machine", "pc,memory-backend=pc.ram", "-object",
                "memory-backend-ram,id=pc.ram,size=64M", "-m", "128"))
                .hasMessage("Machine memory size does not match the size of the memory backend");
    }

    @Test
    void anAcceleratorListFallsBackPastOneThatIsMissing() {
        try (RunstateVm vm = RunstateVm.launch("-machine", "none,accel=kvm:tcg")) {
            assertThat(vm.machine()).isNotNull();
        }
        assertThatThrownBy(() -> RunstateVm.launch("-accel", "kvm")).hasMessage("-accel kvm: invalid accelerator kvm");
    }

    /** Recorded from QEMU 7.2.22: the key named is the first its GLib hash table yields, not the first given. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "2,foo=1,bar=2,baz=3;baz", "cpus=1,zz=1,aa=2,mm=3,qq=4;aa", "1,x=1,y=2,z=3;z"})
    void ofSeveralUnknownSmpKeysQemusChoiceIsNamed(final String smp, final String named) {
        assertThatThrownBy(() -> RunstateVm.launch("-smp", smp)).hasMessage("Parameter 'smp." + named + "' is unexpected");
    }
}
