package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.testkit.LineClient;

/** runstate-vm as a process, as management tools start it. */
class LauncherProcessTest {
    @TempDir
    Path dir;

    @Test
    void libvirtsProbeLineDaemonizesWithTheMonitorListeningAndThePidFileWritten() throws Exception {
        Path qmp = dir.resolve("qmp.monitor");
        Path pid = dir.resolve("qmp.pid");
        LauncherProcess.Result r = LauncherProcess.run("-S", "-no-user-config", "-nodefaults", "-nographic",
                "-machine", "none,accel=kvm:tcg", "-qmp", "unix:" + qmp + ",server=on,wait=off", "-pidfile",
                pid.toString(), "-daemonize");
        assertThat(r.status()).isZero();
        // QEMU's messages for an accelerator list whose first entry does not exist here
        assertThat(r.stderr()).isEqualTo("runstate-vm: invalid accelerator kvm\nrunstate-vm: falling back to tcg\n");
        long daemon = Long.parseLong(Files.readString(pid).strip());
        assertThat(ProcessHandle.of(daemon)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        try (LineClient c = LineClient.connect(qmp)) {
            assertThat(c.readLine()).startsWith("{\"QMP\": ");
            c.send("{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-status\"}\n{\"execute\": \"quit\"}\n");
            assertThat(c.readLine()).isEqualTo("{\"return\": {}}");
            assertThat(c.readLine()).isEqualTo("{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, \"running\": false}}");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(daemon).isEmpty());
        assertThat(pid).doesNotExist();
        assertThat(qmp).doesNotExist();
    }

    @Test
    void anErrorBeforeTheDaemonIsReadyReachesTheCallerWithStatusOne() throws Exception {
        LauncherProcess.Result r = LauncherProcess.run("-machine", "none", "-device", "i6300esb", "-daemonize");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("runstate-vm: -device i6300esb: No 'PCI' bus found for device 'i6300esb'\n");
    }

    @Test
    void anUnknownOptionIsReportedAsQemuDoesWithStatusOne() throws Exception {
        LauncherProcess.Result r = LauncherProcess.run("-no-such-option");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("runstate-vm: -no-such-option: invalid option\n");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void msgTimestampPrefixesErrorsWithTheTime() throws Exception {
        LauncherProcess.Result r = LauncherProcess.run("-msg", "timestamp=on", "-machine", "nope");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z runstate-vm: "
                + "unsupported machine type\nUse -machine help to list supported machines\n");
    }

    /** What the launcher prints for a help option, having exited with status 0 as QEMU does. */
    private static String helpOutput(final String... args) throws Exception {
        LauncherProcess.Result r = LauncherProcess.run(args);
        assertThat(r.status()).as("exit status of %s", String.join(" ", args)).isZero();
        return r.stdout();
    }

    @Test
    void machineHelpListsTheMachinesRunstateVmBuilds() throws Exception {
        assertThat(helpOutput("-machine", "help")).isEqualTo("Supported machines are:\n"
                + "pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)\n"
                + "pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)\n"
                + "none                 empty machine\n"
                + "s390-ccw-virtio      Virtual s390x machine (version 7.2) (alias of s390-ccw-virtio-7.2)\n"
                + "s390-ccw-virtio-7.2  Virtual s390x machine (version 7.2)\n");
    }

    @Test
    void deviceHelpListsTheModelledDevicesByCategory() throws Exception {
        assertThat(helpOutput("-device", "help")).isEqualTo("Misc devices:\n"
                + "name \"pvpanic\", bus ISA\n"
                + "name \"pvpanic-pci\", bus PCI\n"
                + "\nWatchdog devices:\n"
                + "name \"i6300esb\", bus PCI, desc \"Intel 6300ESB\"\n"
                + "name \"ib700\", bus ISA, desc \"iBASE 700\"\n");
    }

    @Test
    void deviceHelpOfOneModelListsItsProperties() throws Exception {
        assertThat(helpOutput("-device", "pvpanic,help")).isEqualTo("pvpanic options:\n"
                + "  events=<uint8>         -  (default: 3)\n"
                + "  ioport=<uint16>        -  (default: 1285)\n");
    }

    @Test
    void deviceHelpOfAModelWithoutPropertiesSaysSo() throws Exception {
        assertThat(helpOutput("-device", "ib700,help")).isEqualTo("There are no options for ib700.\n");
    }

    @Test
    void cpuHelpListsTheCpuModels() throws Exception {
        assertThat(helpOutput("-cpu", "help")).startsWith("Available CPUs:\nx86 qemu64                (alias configured by machine type)\n");
    }

    @Test
    void sigtermWhileRunningEndsWithStatusZeroAsQemu() throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        Process p = new ProcessBuilder(LauncherProcess.command("-machine", "none", "-accel", "qtest", "-qmp",
                "unix:" + qmp + ",server=on,wait=off")).redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(qmp));
            try (LineClient c = LineClient.connect(qmp)) {
                assertThat(c.readLine()).startsWith("{\"QMP\": ");
                c.send("{\"execute\": \"qmp_capabilities\"}\n");
                assertThat(c.readLine()).isEqualTo("{\"return\": {}}");
                p.destroy(); // SIGTERM
                assertThat(c.readLine()).contains("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, "
                        + "\"reason\": \"host-signal\"}");
            }
            assertThat(p.waitFor()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermWhileStartUpWaitsForAClientRemovesWhatItCreatedAndExitsZero() throws Exception {
        Path qmp = dir.resolve("wait.sock");
        Path pid = dir.resolve("vm.pid");
        Process p = new ProcessBuilder(LauncherProcess.command("-machine", "none", "-pidfile", pid.toString(),
                "-chardev", "socket,id=m,path=" + qmp + ",server=on", "-mon", "chardev=m,mode=control"))
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            assertThat(out.readLine()).isEqualTo("runstate-vm: -chardev socket,id=m,path=" + qmp
                    + ",server=on: info: QEMU waiting for connection on: disconnected:unix:" + qmp + ",server=on");
            assertThat(qmp).exists();
            assertThat(pid).exists();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor()).isZero();
            assertThat(qmp).doesNotExist();
            assertThat(pid).doesNotExist();
        } finally {
            p.destroyForcibly();
        }
    }
}
