import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The start-up floor of a JVM QMP server (benchmarks/startup/run.sh): binds a unix socket, sends a
 * canned greeting and answers every command with an empty return carrying its id, {@code quit}
 * included, then exits. No machine, no parser, no library: what any Java program pays to get here.
 * Usage: {@code java JvmFloor PATH}.
 */
public final class JvmFloor {
    private JvmFloor() {
    }

    public static void main(final String[] args) throws Exception {
        Path path = Path.of(args[0]);
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        byte[] greeting = ("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
                + "\"package\": \"jvm-floor\"}, \"capabilities\": [\"oob\"]}}\r\n").getBytes(StandardCharsets.US_ASCII);
        while (true) {
            try (SocketChannel c = server.accept()) {
                c.write(ByteBuffer.wrap(greeting));
                ByteBuffer in = ByteBuffer.allocate(4096);
                while (c.read(in) > 0) {
                    String cmd = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
                    in.clear();
                    int id = cmd.indexOf("\"id\"");
                    String reply = "{\"return\": {}" + (id < 0 ? "" : ", " + cmd.substring(id, cmd.lastIndexOf('}')).trim()) + "}\r\n";
                    c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
                    if (cmd.contains("\"quit\"")) {
                        System.exit(0);
                    }
                }
            }
        }
    }
}
