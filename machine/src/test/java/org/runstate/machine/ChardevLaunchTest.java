package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.testkit.LineClient;

/** -chardev, -mon and -qtest in the forms real launchers use. */
class ChardevLaunchTest {
    private static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
            + "\"major\": 7}, \"package\": \"runstate 0.1.0\"}, \"capabilities\": [\"oob\"]}}";

    @TempDir
    Path dir;

    private static ServerSocketChannel listen(final Path path) throws Exception {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return s;
    }

    @Test
    void libqtestsSocketsAreClientsThatConnectToTheHarness() throws Exception {
        Path qt = dir.resolve("qtest.sock");
        Path qmp = dir.resolve("qtest.qmp");
        try (ServerSocketChannel qtServer = listen(qt); ServerSocketChannel qmpServer = listen(qmp);
                RunstateVm vm = RunstateVm.launch("-qtest", "unix:" + qt, "-qtest-log", "/dev/null", "-chardev",
                        "socket,path=" + qmp + ",id=char0", "-mon", "chardev=char0,mode=control", "-display", "none",
                        "-device", "pvpanic", "-accel", "qtest");
                LineClient q = LineClient.over(qtServer.accept());
                LineClient m = LineClient.over(qmpServer.accept())) {
            q.send("inb 0x505\n");
            assertThat(q.readLine()).isEqualTo("OK 0x0003");
            assertThat(m.readLine()).isEqualTo(GREETING);
        }
    }

    @Test
    void aClientChardevWithNobodyListeningFailsAsQemu() {
        Path nowhere = dir.resolve("nobody.sock");
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-chardev", "socket,path=" + nowhere + ",id=c",
                "-mon", "chardev=c,mode=control"))
                .hasMessage("-chardev socket,path=" + nowhere + ",id=c: Failed to connect to '" + nowhere
                        + "': No such file or directory");
    }

    @Test
    void aListeningSocketPassedAsFdServesTheMonitorAndAnEarlyClient() throws Exception {
        Path path = dir.resolve("libvirt.monitor");
        // the VM owns the descriptor from now on and closes it at exit, as QEMU does with a passed fd
        ServerSocketChannel inherited = listen(path);
        // libvirt connects before QEMU accepts: the backlog holds the connection
        SocketChannel early = SocketChannel.open(UnixDomainSocketAddress.of(path));
        int fd = fdOf(inherited);
        try (RunstateVm vm = RunstateVm.launch("-M", "none", "-chardev",
                "socket,id=charmonitor,fd=" + fd + ",server=on,wait=off", "-mon",
                "chardev=charmonitor,id=monitor,mode=control");
                LineClient c = LineClient.over(early)) {
            assertThat(c.readLine()).isEqualTo(GREETING);
        }
    }

    @Test
    void aFdThatIsNoSocketIsRefused() {
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-chardev", "socket,id=c,fd=0,server=on,wait=off"))
                .hasMessage("-chardev socket,id=c,fd=0,server=on,wait=off: File descriptor '0' is not a socket");
    }

    @Test
    void aPrettyMonitorIndentsAsQemusJsonWriter() throws Exception {
        Path qmp = dir.resolve("pretty.sock");
        try (RunstateVm vm = RunstateVm.launch("-M", "none", "-qmp-pretty", "unix:" + qmp + ",server=on,wait=off");
                LineClient c = LineClient.connect(qmp)) {
            StringBuilder greeting = new StringBuilder();
            for (int i = 0; i < 15; i++) {
                greeting.append(c.readLine()).append('\n');
            }
            assertThat(greeting).hasToString("{\n    \"QMP\": {\n        \"version\": {\n            \"qemu\": {\n"
                    + "                \"micro\": 0,\n                \"minor\": 2,\n                \"major\": 7\n"
                    + "            },\n            \"package\": \"runstate 0.1.0\"\n        },\n"
                    + "        \"capabilities\": [\n            \"oob\"\n        ]\n    }\n}\n");
            c.send("{\"execute\": \"qmp_capabilities\"}\n");
            assertThat(c.readLine()).isEqualTo("{");
            assertThat(c.readLine()).isEqualTo("    \"return\": {");
            assertThat(c.readLine()).isEqualTo("    }");
            assertThat(c.readLine()).isEqualTo("}");
        }
    }

    @Test
    void aServerWithWaitOnBlocksStartUpUntilItsFirstClient() throws Exception {
        Path qmp = dir.resolve("wait.sock");
        CompletableFuture<RunstateVm> launched = CompletableFuture.supplyAsync(
                () -> RunstateVm.launch("-M", "none", "-chardev", "socket,id=m,path=" + qmp + ",server=on", "-mon",
                        "chardev=m,mode=control"));
        org.awaitility.Awaitility.await().until(() -> qmp.toFile().exists());
        assertThat(launched).isNotDone();
        try (LineClient c = LineClient.connect(qmp); RunstateVm vm = launched.get(30, TimeUnit.SECONDS)) {
            assertThat(c.readLine()).isEqualTo(GREETING);
        }
    }

    @Test
    void aChardevServesOneFrontendOnly() {
        Path qmp = dir.resolve("twice.sock");
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-chardev",
                "socket,id=m,path=" + qmp + ",server=on,wait=off", "-mon", "chardev=m,mode=control", "-mon",
                "chardev=m,mode=control")).hasMessage("-mon chardev=m,mode=control: Device 'm' is in use");
    }

    @Test
    void aMonitorOnAMissingChardevIsRefused() {
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-mon", "chardev=nope,mode=control"))
                .hasMessage("-mon chardev=nope,mode=control: chardev \"nope\" not found");
    }

    /** The descriptor number behind a channel of this JVM (the test stands in for libvirt's passing). */
    private static int fdOf(final ServerSocketChannel ch) throws Exception {
        Method getFd = ch.getClass().getMethod("getFD");
        getFd.setAccessible(true);
        Object fd = getFd.invoke(ch);
        Method fdVal = Class.forName("sun.nio.ch.IOUtil").getDeclaredMethod("fdVal", java.io.FileDescriptor.class);
        fdVal.setAccessible(true);
        return (Integer) fdVal.invoke(null, fd);
    }

    @Test
    void libvirtsDomainCommandLineStartsAndAnswersOnTheInheritedMonitor() throws Exception {
        Path path = dir.resolve("domain.monitor");
        ServerSocketChannel inherited = listen(path); // owned by the VM from here on
        SocketChannel early = SocketChannel.open(UnixDomainSocketAddress.of(path));
        int fd = fdOf(inherited);
        try (RunstateVm vm = RunstateVm.launch("-name", "guest=t,debug-threads=on", "-S", "-object",
                "{\"qom-type\":\"secret\",\"id\":\"masterKey0\",\"format\":\"raw\",\"file\":\"/dev/null\"}",
                "-machine", "pc-i440fx-7.2,usb=off,dump-guest-core=off,memory-backend=pc.ram", "-accel", "tcg",
                "-cpu", "qemu64", "-m", "size=131072k", "-object",
                "{\"qom-type\":\"memory-backend-ram\",\"id\":\"pc.ram\",\"size\":134217728}", "-overcommit",
                "mem-lock=off", "-smp", "1,sockets=1,cores=1,threads=1", "-uuid", "c7a5fdbd-cdaf-9455-926a-d65c16db1809",
                "-no-user-config", "-nodefaults", "-chardev", "socket,id=charmonitor,fd=" + fd + ",server=on,wait=off",
                "-mon", "chardev=charmonitor,id=monitor,mode=control", "-rtc", "base=utc", "-no-shutdown", "-boot",
                "strict=on", "-audiodev", "{\"id\":\"audio1\",\"driver\":\"none\"}", "-device",
                "{\"driver\":\"i6300esb\",\"id\":\"watchdog0\",\"bus\":\"pci.0\",\"addr\":\"0x2\"}", "-sandbox",
                "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny", "-msg", "timestamp=on");
                LineClient c = LineClient.over(early)) {
            assertThat(c.readLine()).isEqualTo(GREETING);
            c.send("{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-status\"}\n");
            assertThat(c.readLine()).isEqualTo("{\"return\": {}}");
            assertThat(c.readLine()).isEqualTo(
                    "{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, \"running\": false}}");
        }
    }

    @Test
    void aChardevWithoutIdIsRefused() {
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-chardev", "null"))
                .hasMessage("-chardev null: chardev: no id specified");
    }
}
