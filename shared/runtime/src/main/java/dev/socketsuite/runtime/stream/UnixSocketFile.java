package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;

/**
 * The file of a Unix domain socket, handled so that two servers never fight over it and
 * nothing else is ever deleted: before binding, a live socket (someone answers) or any
 * non-socket file at the path stops startup, and only a stale socket is removed; after
 * binding, the file gets its mode; at shutdown it is removed only if it is still the
 * one we created.
 */
final class UnixSocketFile {

    private static final System.Logger LOG = System.getLogger(UnixSocketFile.class.getName());
    /** {@code S_IFMT} and {@code S_IFSOCK} from stat(2). */
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_SOCKET = 0140000;

    private final Path path;
    private final Set<PosixFilePermission> permissions;
    private Object ownFileKey;

    UnixSocketFile(Path path, String mode) {
        this.path = path;
        this.permissions = parseMode(mode);
    }

    /** Makes the path free to bind, or says clearly why it cannot be. */
    void prepare() throws IOException {
        var parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StartupException(Settings.describe("listener.path") + ": directory " + parent
                    + " does not exist; create it or choose another path");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new StartupException(Settings.describe("listener.path") + ": " + path
                    + " exists and is not a socket; refusing to replace it");
        }
        if (answers(path)) {
            throw new StartupException(Settings.describe("listener.path") + ": another server is listening on "
                    + path + "; stop it or choose another path");
        }
        LOG.log(Level.INFO, "removing stale socket {0} (nothing listens on it)", path);
        Files.delete(path);
    }

    /** After bind: set the mode and remember which file is ours. */
    void claim() throws IOException {
        Files.setPosixFilePermissions(path, permissions);
        ownFileKey = fileKey(path);
    }

    /** Removes the file if it is still the one {@link #claim()} saw. */
    void removeIfOurs() {
        if (ownFileKey == null) {
            return;
        }
        try {
            if (Objects.equals(ownFileKey, fileKey(path))) {
                Files.delete(path);
                LOG.log(Level.DEBUG, "removed socket {0}", path);
            } else {
                LOG.log(Level.WARNING, "left {0} in place: it was replaced by another file", path);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "socket {0} already gone: {1}", path, e.getMessage());
        }
        ownFileKey = null;
    }

    private static boolean isSocket(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & TYPE_MASK) == TYPE_SOCKET;
    }

    private static boolean answers(Path path) {
        try (var probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static Set<PosixFilePermission> parseMode(String mode) {
        if (!mode.matches("0?[0-7]{3}")) {
            throw new StartupException(Settings.describe("listener.socket-mode")
                    + " must be an octal mode such as 0660, not '" + mode + "'");
        }
        int bits = Integer.parseInt(mode, 8);
        var all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        var result = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < all.length; i++) {
            if ((bits & (1 << (all.length - 1 - i))) != 0) {
                result.add(all[i]);
            }
        }
        return result;
    }
}
