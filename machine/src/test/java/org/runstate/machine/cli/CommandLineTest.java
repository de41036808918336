package org.runstate.machine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The option loop of QEMU 7.2's vl.c: which option fails first, and with which message. */
class CommandLineTest {
    private final List<String> warnings = new ArrayList<>();
    private final CommandLine cli = new CommandLine(new FixedHelpTexts(), warnings::add);

    private LaunchConfig parse(final String... args) {
        return cli.parse(args, 64);
    }

    private static String report(final Runnable r) {
        try {
            r.run();
        } catch (CliError e) {
            return e.report();
        }
        throw new AssertionError("no error");
    }

    /** What parsing {@code args} prints before it exits, the way {@code -help} and friends do. */
    private String exitOutput(final String... args) {
        CommandLine.Exit exit = catchThrowableOfType(CommandLine.Exit.class, () -> parse(args));
        assertThat(exit).as("exit of %s", List.of(args)).isNotNull();
        return exit.stdout();
    }

    @Test
    void anUnknownOptionAnywhereFailsBeforeAnyOptionActs() {
        assertThat(report(() -> parse("-version", "-foo"))).isEqualTo("-foo: invalid option");
    }

    @Test
    void aMissingArgumentFailsInTheFirstPass() {
        assertThat(report(() -> parse("-version", "-m"))).isEqualTo("-m: requires an argument");
    }

    /** vl.c's table has {@code -h} besides qemu-options.hx's {@code -help}. */
    @Test
    void dashHIsHelp() {
        assertThat(exitOutput("-h")).isEqualTo("usage\n");
    }

    @Test
    void doubleDashIsTheSameOption() {
        assertThat(exitOutput("--version")).isEqualTo("version\n");
    }

    @Test
    void optionsAreNeverClustered() {
        LaunchConfig c = parse("-msg", "timestamp=on", "-mon", "chardev=c,mode=control", "-m", "256");
        assertThat(c.msgTimestamp).isTrue();
        assertThat(c.opts.all(OptsList.MON)).hasSize(1);
    }

    @Test
    void anOptionOfAnotherTargetIsNotSupported() {
        assertThat(report(() -> parse("-prom-env", "x"))).isEqualTo("-prom-env x: Option not supported for this target");
    }

    @Test
    void libvirtsProbeLineParses() {
        LaunchConfig c = parse("-S", "-no-user-config", "-nodefaults", "-nographic", "-machine", "none,accel=kvm:tcg",
                "-qmp", "unix:/tmp/m.sock,server=on,wait=off", "-pidfile", "/tmp/p", "-daemonize");
        assertThat(c.autostart).isFalse();
        assertThat(c.daemonize).isTrue();
        assertThat(c.pidfile).isEqualTo("/tmp/p");
        assertThat(c.machine).containsEntry("type", "none").containsEntry("accel", "kvm:tcg")
                .containsEntry("graphics", "off");
        Opts chardev = c.opts.find(OptsList.CHARDEV, "compat_monitor0");
        assertThat(chardev.get("backend")).isEqualTo("socket");
        assertThat(chardev.get("path")).isEqualTo("/tmp/m.sock");
        Opts mon = c.opts.find(OptsList.MON, "compat_monitor0");
        assertThat(mon.get("mode")).isEqualTo("control");
        assertThat(mon.get("pretty")).isEqualTo("off");
    }

    /** libvirt 9.0 passes {@code -no-acpi} for every x86 domain without {@code <acpi/>}. */
    @Test
    void noAcpiIsTheMachinePropertyAcpiOffAndTheLastOneWins() {
        assertThat(parse("-machine", "pc", "-no-acpi").machine).containsEntry("acpi", "off");
        assertThat(parse("-no-acpi", "-machine", "pc,acpi=on").machine).containsEntry("acpi", "on");
        assertThat(parse("-machine", "pc,acpi=on", "-no-acpi").machine).containsEntry("acpi", "off");
    }

    @Test
    void aJsonDeviceKeepsItsTypedValues() {
        LaunchConfig c = parse("-device", "{\"driver\":\"i6300esb\",\"id\":\"watchdog0\",\"bus\":\"pci.0\",\"addr\":\"0x2\"}");
        assertThat(c.devices.get(0).json()).isTrue();
        assertThat(c.devices.get(0).properties()).containsEntry("driver", "i6300esb").containsEntry("addr", "0x2");
    }

    @Test
    void aJsonDeviceWithTrailingTextIsRefused() {
        assertThat(report(() -> parse("-device", "{\"driver\":\"i6300esb\"} x")))
                .isEqualTo("-device {\"driver\":\"i6300esb\"} x: Expecting at most one JSON value");
    }

    @Test
    void anUnknownLegacyChardevIsAParseErrorOfTheMonitor() {
        assertThat(report(() -> parse("-qmp", "bogus"))).isEqualTo(
                "-qmp bogus: 'bogus' is not a valid char driver\nparse error: bogus");
    }

    @Test
    void theQtestHarnessLineParses() {
        LaunchConfig c = parse("-qtest", "unix:/tmp/qtest-1.sock", "-qtest-log", "/dev/null", "-chardev",
                "socket,path=/tmp/qtest-1.qmp,id=char0", "-mon", "chardev=char0,mode=control", "-display", "none",
                "-accel", "qtest");
        assertThat(c.qtestChardev).isEqualTo("unix:/tmp/qtest-1.sock");
        assertThat(c.qtestLog).isEqualTo("/dev/null");
        assertThat(c.opts.find(OptsList.CHARDEV, "char0").get("path")).isEqualTo("/tmp/qtest-1.qmp");
    }

    @Test
    void accelHelpListsTheAcceleratorsWithoutQtest() {
        assertThat(exitOutput("-accel", "help")).isEqualTo("Accelerators supported in QEMU binary:\ntcg\n");
    }

    @Test
    void anInvalidOptionAfterMachineHelpStillFailsFirst() {
        assertThat(report(() -> parse("-machine", "help", "-foo"))).isEqualTo("-foo: invalid option");
    }

    @Test
    void machineTypeWithHelpAsksForThatMachinesHelp() {
        assertThat(exitOutput("-machine", "pc,help")).isEqualTo("machines pc\n");
    }

    @Test
    void aUuidMustHaveQemusFormat() {
        assertThat(report(() -> parse("-uuid", "not-a-uuid")))
                .isEqualTo("-uuid not-a-uuid: failed to parse UUID string: wrong format");
    }

    @Test
    void audioIn72NeedsAModel() {
        assertThat(report(() -> parse("-audio", "none"))).isEqualTo("-audio none: Parameter 'model' is missing");
    }
}
