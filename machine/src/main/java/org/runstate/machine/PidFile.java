package org.runstate.machine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.runstate.machine.cli.CliError;

/**
 * {@code -pidfile}: as QEMU's {@code qemu_write_pidfile}, the file is created if needed, locked
 * for as long as the VM runs (a second instance fails to lock it), truncated and given the pid
 * and a newline. At exit it is removed, but only if the path still names the file this process
 * locked (QEMU unlinks the path unconditionally).
 */
final class PidFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object fileKey;

    private PidFile(final Path path, final FileChannel channel, final FileLock lock, final Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.fileKey = fileKey;
    }

    /**
     * Creates, locks and writes the file.
     *
     * @param name the {@code -pidfile} argument
     * @return the held pid file
     * @throws CliError {@code cannot create PID file: ...} with QEMU's reasons
     */
    static PidFile write(final String name) {
        Path path = Path.of(name);
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new CliError("cannot create PID file: Could not create '" + name + "': No such file or directory");
        } catch (IOException e) {
            throw new CliError("cannot create PID file: Could not create '" + name + "': " + reason(e));
        }
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // another VM in this JVM holds it
            }
            if (lock == null) {
                ch.close();
                throw new CliError("cannot create PID file: Cannot lock pid file: Resource temporarily unavailable");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(false);
            return new PidFile(path.toAbsolutePath(), ch, lock, key(path));
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CliError("cannot create PID file: Failed to write pid file: " + reason(e));
        }
    }

    /** Removes the file if it is still ours, then releases the lock. */
    @Override
    public void close() {
        try {
            if (fileKey != null && Objects.equals(fileKey, key(path))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // best effort at exit
        }
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel anyway
        }
        closeQuietly(channel);
    }

    private static Object key(final Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(final FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static String reason(final IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (m != null && m.endsWith("Is a directory")) {
            return "Is a directory";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
