package org.runstate.machine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any command line ends in a configuration, QEMU's error or a help text: never another exception. */
class CommandLineFuzzPropertyTest {
    private static final List<String> OPTIONS = List.of("-machine", "-M", "-accel", "-cpu", "-smp", "-m", "-S",
            "-chardev", "-mon", "-qmp", "-qmp-pretty", "-monitor", "-qtest", "-qtest-log", "-pidfile", "-daemonize",
            "-device", "-object", "-name", "-uuid", "-msg", "-rtc", "-boot", "-overcommit", "-sandbox", "-audiodev",
            "-audio", "-nographic", "-display", "-vga", "-serial", "-action", "-watchdog-action", "--qmp-max-clients",
            "-drive", "-foo", "--version");
    private static final List<String> FRAGMENTS = List.of("pc", "none", "help", "?", "socket", "null", "id=a",
            "path=/tmp/x", "server=on", "wait=off", "nowait", "fd=3", "host=", "port=70000", "unix:/tmp/q", "tcp::1",
            "chardev=a", "mode=control", "pretty=on", "{", "}", "\"driver\"", ":", "\"i6300esb\"", "i6300esb",
            "addr=0x2", "bus=pci.0", "size=1M", "1", "0", "-1", "x", ",,", "=", "", "{\"qom-type\":\"secret\"}",
            "memory-backend-ram", "timestamp=on", "guest=n", "debug-threads=on", "cpus=2", "sockets=1", "maxcpus=0",
            "qemu64,hv-crash", "kvm:tcg", "\u00e9", "\\", "'");

    @Property(tries = 3000)
    void parsingNeverEndsInAnUnexpectedException(@ForAll("commandLines") final List<String> args) {
        CommandLine cli = new CommandLine(new FixedHelpTexts(), w -> { });
        try {
            LaunchConfig c = cli.parse(args.toArray(String[]::new), 64);
            assertThat(c).isNotNull();
        } catch (CliError e) {
            assertThat(e.report()).isNotBlank().doesNotContain("Exception");
        } catch (CommandLine.Exit e) {
            assertThat(e.stdout()).isNotNull();
        }
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> value = net.jqwik.api.Combinators.combine(Arbitraries.of(FRAGMENTS).list().ofMaxSize(5),
                Arbitraries.of(",", "", "=")).as((parts, separator) -> String.join(separator, parts));
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(OPTIONS), value);
        return word.list().ofMaxSize(12);
    }
}
