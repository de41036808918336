package org.runstate.machine.qom;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.runstate.qmp.QmpError;

/**
 * The user-creatable objects under {@code /objects}, shared by {@code -object} and QMP's
 * {@code object-add}/{@code object-del}: QEMU's {@code user_creatable_add_type} after the arguments
 * were checked against {@code ObjectOptions} (property setters, the {@code /objects} child, the
 * type's {@code complete}) and {@code user_creatable_del}, with QEMU's messages.
 * {@code memory-backend-ram} is the guest RAM of a machine that names it; a {@code secret} is held
 * and never decrypted. Not thread-safe: QMP commands run on the machine's control thread, the
 * launcher fills it before.
 */
public final class ObjectStore {
    /** The object types runstate-vm can create, as {@code ObjectType} lists them. */
    public static final List<String> TYPES = List.of(QomTypes.MEMORY_BACKEND_RAM, QomTypes.SECRET);
    /** QEMU's {@code MAX_NODES}: host NUMA node numbers must be below it. */
    private static final long MAX_NODES = 128;

    private final Map<String, UserObject> byId = new LinkedHashMap<>();
    /** Whether {@code /objects} exists: QEMU creates it when the first object is added to it. */
    private boolean containerCreated;
    /** QEMU's default {@code prealloc-threads}: the machine's vCPU count. */
    private long vcpus = 1;
    /** The backends whose {@code prealloc-threads} is the default. */
    private final java.util.Set<String> defaultThreads = new java.util.HashSet<>();

    /**
     * An object under {@code /objects}.
     *
     * @param id its id
     * @param type its QOM type
     * @param values every property's value (given or default) in the type's property order
     * @param inUse whether the machine uses it ({@code object-del} refuses it)
     */
    public record UserObject(String id, String type, Map<String, Object> values, boolean inUse) {
    }

    /**
     * Creates an object, as QEMU does once {@code object-add}'s arguments (or a {@code -object})
     * passed the {@code ObjectOptions} checks.
     *
     * @param type one of {@link #TYPES}
     * @param id the id
     * @param props the type's properties as the argument visitor decodes them ({@code Long},
     *     {@code Boolean}, {@code String}, {@code List} of {@code Long})
     * @throws QmpError QEMU's message: a property setter's, the duplicate id, or the type's
     *     {@code complete}
     */
    public void add(final String type, final String id, final Map<String, Object> props) {
        Map<String, Object> values = type.equals(QomTypes.MEMORY_BACKEND_RAM) ? memoryBackend(props, vcpus)
                : secret(props);
        containerCreated = true;
        if (byId.containsKey(id)) {
            throw QmpError.generic("attempt to add duplicate property '" + id + "' to object (type 'container')");
        }
        if (type.equals(QomTypes.MEMORY_BACKEND_RAM)) {
            completeMemoryBackend(values);
        } else {
            completeSecret(values);
        }
        byId.put(id, new UserObject(id, type, values, false));
        if (type.equals(QomTypes.MEMORY_BACKEND_RAM) && !props.containsKey("prealloc-threads")) {
            defaultThreads.add(id);
        }
    }

    /**
     * Sets the machine's vCPU count, the default {@code prealloc-threads} of memory backends
     * ({@code host_memory_backend_init}), for the backends created before the machine and after.
     *
     * @param count the vCPU count
     */
    public void setVcpus(final int count) {
        vcpus = count;
        for (String id : defaultThreads) {
            UserObject o = byId.get(id);
            if (o != null) {
                Map<String, Object> values = new LinkedHashMap<>(o.values());
                values.put("prealloc-threads", (long) count);
                byId.put(id, new UserObject(id, o.type(), values, o.inUse()));
            }
        }
    }

    /**
     * {@code user_creatable_del}.
     *
     * @param id the object's id
     * @throws QmpError {@code object 'ID' not found}, or {@code ... is in use, can not be deleted}
     */
    public void delete(final String id) {
        UserObject o = byId.get(id);
        if (o == null) {
            throw QmpError.generic("object '" + id + "' not found");
        }
        if (o.inUse()) {
            throw QmpError.generic("object '" + id + "' is in use, can not be deleted");
        }
        byId.remove(id);
        defaultThreads.remove(id);
    }

    /**
     * Marks the machine's RAM backend as used by the machine ({@code memory-backend=ID}).
     *
     * @param id the backend's id
     */
    public void markInUse(final String id) {
        UserObject o = byId.get(id);
        if (o != null) {
            byId.put(id, new UserObject(o.id(), o.type(), o.values(), true));
        }
    }

    /**
     * {@code create_default_memdev}: the RAM backend QEMU creates for a machine given no
     * {@code memory-backend}, named by the machine type's {@code default_ram_id}.
     *
     * @param id the default RAM id ({@code pc.ram})
     * @param size the RAM size
     * @throws QmpError the duplicate-id message when a {@code -object} took the id
     */
    public void addDefaultRam(final String id, final long size) {
        add(QomTypes.MEMORY_BACKEND_RAM, id, Map.of("size", size));
        markInUse(id);
    }

    /**
     * An object by id.
     *
     * @param id the id
     * @return the object, if there is one
     */
    public Optional<UserObject> find(final String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Whether {@code /objects} exists: from the first object that got as far as being added to it,
     * as in QEMU.
     *
     * @return true once an object was added
     */
    public boolean containerCreated() {
        return containerCreated;
    }

    /**
     * Every object, in creation order.
     *
     * @return the objects
     */
    public List<UserObject> all() {
        return List.copyOf(byId.values());
    }

    /** The memory backend's property setters, in its property order, with QEMU's defaults. */
    private static Map<String, Object> memoryBackend(final Map<String, Object> p, final long vcpus) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("share", p.getOrDefault("share", false));
        long size = (Long) p.getOrDefault("size", 0L);
        if (size == 0) {
            throw QmpError.generic("property 'size' of memory-backend-ram doesn't take value '0'");
        }
        v.put("size", size);
        v.put("dump", p.getOrDefault("dump", true));
        long threads = (Long) p.getOrDefault("prealloc-threads", vcpus);
        if (threads == 0) {
            throw QmpError.generic("property 'prealloc-threads' of memory-backend-ram doesn't take value '0'");
        }
        v.put("prealloc-threads", threads);
        v.put("x-use-canonical-path-for-ramblock-id", p.getOrDefault("x-use-canonical-path-for-ramblock-id", false));
        v.put("policy", p.getOrDefault("policy", "default"));
        Object context = p.get("prealloc-context");
        if (context != null) {
            // a link to a thread-context object: runstate-vm has none
            throw QmpError.deviceNotFound("Device '" + context + "' not found");
        }
        v.put("prealloc-context", "");
        v.put("prealloc", p.getOrDefault("prealloc", false));
        v.put("reserve", p.getOrDefault("reserve", true));
        List<Object> nodes = new ArrayList<>();
        for (Object n : (List<?>) p.getOrDefault("host-nodes", List.of())) {
            if ((Long) n >= MAX_NODES) {
                throw QmpError.generic("Invalid host-nodes value: " + n);
            }
            nodes.add(n);
        }
        v.put("host-nodes", nodes);
        v.put("merge", p.getOrDefault("merge", true));
        return v;
    }

    /** {@code host_memory_backend_memory_complete}'s NUMA policy checks (no memory is bound here). */
    private static void completeMemoryBackend(final Map<String, Object> v) {
        boolean noNodes = ((List<?>) v.get("host-nodes")).isEmpty();
        String policy = (String) v.get("policy");
        if (policy.equals("default") && !noNodes) {
            throw QmpError.generic("host-nodes must be empty for policy default, or you should explicitly specify "
                    + "a policy other than default");
        }
        if (!policy.equals("default") && noNodes) {
            throw QmpError.generic("host-nodes must be set for policy " + policy);
        }
    }

    /** The secret's property setters, in its property order. */
    private static Map<String, Object> secret(final Map<String, Object> p) {
        if (p.containsKey("loaded")) {
            throw QmpError.generic("Property 'secret.loaded' is not writable");
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("iv", p.getOrDefault("iv", ""));
        v.put("keyid", p.getOrDefault("keyid", ""));
        v.put("loaded", false);
        v.put("format", p.getOrDefault("format", "raw"));
        v.put("file", p.getOrDefault("file", ""));
        v.put("data", p.getOrDefault("data", ""));
        v.put("given-data", p.containsKey("data"));
        v.put("given-file", p.containsKey("file"));
        return v;
    }

    /** {@code qcrypto_secret_common_complete}: loads the secret (read, never decrypted here). */
    private void completeSecret(final Map<String, Object> v) {
        boolean data = (Boolean) v.remove("given-data");
        boolean file = (Boolean) v.remove("given-file");
        if (data && file) {
            throw QmpError.generic("'file' and 'data' are mutually exclusive");
        }
        if (!data && !file) {
            throw QmpError.generic("Either 'file' or 'data' must be provided");
        }
        if (file) {
            String path = (String) v.get("file");
            try {
                Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                throw QmpError.generic("Unable to read " + path + ": Failed to open file \u201c" + path + "\u201d: "
                        + reason(e));
            }
        }
        String keyid = (String) v.get("keyid");
        if (!keyid.isEmpty()) {
            UserObject key = byId.get(keyid);
            if (key == null) {
                throw QmpError.generic("No secret with id '" + keyid + "'");
            }
            if (!key.type().equals(QomTypes.SECRET)) {
                throw QmpError.generic("Object with id '" + keyid + "' is not a secret");
            }
        }
        v.put("loaded", true);
    }

    /** {@code g_strerror} of what the read failed with. */
    private static String reason(final IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? "Input/output error" : e.getMessage();
    }
}
