package org.runstate.s390;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.runstate.core.Machine;

/** The power-on state and the wiring contract with the core machine. */
class AttachTest {
    @Test
    void atPowerOnCpuZeroRunsWithTheIplPswAndTheOthersAreStopped() {
        S390Machine s390 = new S390Machine(3, S390Machine.DEFAULT_RAM_BYTES);
        assertThat(s390.cpuState(0)).isEqualTo(CpuState.OPERATING);
        assertThat(s390.isHalted(0)).isFalse();
        assertThat(s390.psw(0)).isEqualTo(new Psw(0x0000000180000000L, 0));
        assertThat(s390.cpuState(1)).isEqualTo(CpuState.STOPPED);
        assertThat(s390.cpuState(2)).isEqualTo(CpuState.STOPPED);
        assertThat(s390.takeExternalInterruption(0)).isNull();
    }

    @Test
    void theVcpuCountMustMatch() {
        S390Machine s390 = new S390Machine(2, S390Machine.DEFAULT_RAM_BYTES);
        try (Machine machine = Machine.builder().vcpus(1).build()) {
            assertThatThrownBy(() -> s390.attach(machine)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aModelAttachesOnce() {
        S390Machine s390 = new S390Machine(1, S390Machine.DEFAULT_RAM_BYTES);
        try (Machine machine = Machine.builder().build()) {
            s390.attach(machine);
            assertThatThrownBy(() -> s390.attach(machine)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void attachingAfterStartWorks() {
        S390Machine s390 = new S390Machine(1, S390Machine.DEFAULT_RAM_BYTES);
        try (Machine machine = Machine.builder().autostart(false).nmi(s390.nmiHandler()).build().start()) {
            s390.attach(machine);
            machine.submit(() -> {
                machine.commands().cont();
                return null;
            }).join();
            machine.submit(() -> s390.qtest(new String[] {"s390_psw", "0", "0x0002000180000000", "0xfff"})).join();
            assertThat(machine.termination().join().exitStatus()).isZero();
        }
    }
}
