package org.runstate.qmp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * A model of the slot layout of a GLib 2.74 {@code GHashTable} created with
 * {@code g_hash_table_new (g_str_hash, g_str_equal)} (glib/ghash.c), kept only far enough to
 * reproduce the order in which {@code g_hash_table_iter_next} yields its keys. QEMU 7.2's
 * {@code qobject_input_check_struct} names the first key so yielded as the unexpected member, so
 * this is what decides {@code Parameter 'x' is unexpected} when several members are unknown.
 *
 * <p>What is modelled, exactly as GLib does it on a 64-bit host:
 * <ul>
 *   <li><b>Hash:</b> {@code g_str_hash}, djb2 over the key's bytes read as <em>signed</em> chars
 *       ({@code h = h * 33 + (signed char) c}, from 5381, modulo 2<sup>32</sup>). The bytes are
 *       those QEMU stores for the key: UTF-8, U+0000 as {@code C0 80}. A hash of 0 or 1 (GLib's
 *       unused and tombstone markers) is stored as 2.
 *   <li><b>Size:</b> 2<sup>shift</sup> slots, shift at least 3 (8 slots); each size has a prime
 *       modulus, the largest prime below the size (7, 13, 31, 61, 127, ...).
 *   <li><b>Home slot:</b> {@code (hash * 11) % prime}, unsigned 32-bit arithmetic.
 *   <li><b>Probing:</b> triangular: the step grows by one at each probe, modulo the size. A
 *       lookup stops at the first unused slot; an insert of a new key takes the first tombstone
 *       met on the way, else that unused slot.
 *   <li><b>Removal</b> leaves a tombstone, then the table may shrink.
 *   <li><b>Resize</b> ({@code g_hash_table_maybe_resize}) when, after an insert into an unused
 *       slot or after a removal, {@code size > nnodes * 4 && size > 8} or
 *       {@code size <= noccupied + noccupied / 16} (occupied counts tombstones); the new shift is
 *       the bit length of {@code (int) (nnodes * 1.333)}, at least 3. The rehash is GLib's
 *       in-place one: old slots are visited in ascending order, each live entry not yet placed is
 *       moved to the first slot of its new probe sequence not yet claimed in this resize, and an
 *       entry it displaces from there is placed next (a chain of evictions), before the visit of
 *       the old slots goes on. Tombstones disappear.
 *   <li><b>Iteration:</b> slots in ascending index order, live entries only.
 * </ul>
 *
 * <p>Not modelled: values, destroy notifiers, the small/big key arrays (they change no slot), and
 * any hash or equality function other than {@code g_str_hash}/{@code g_str_equal}. Keys are
 * compared by their stored bytes, as {@code strcmp} does.
 */
public final class GHashTableOrder {
    /** {@code HASH_TABLE_MIN_SHIFT}. */
    private static final int MIN_SHIFT = 3;
    private static final int UNUSED = 0;
    private static final int TOMBSTONE = 1;
    /** The largest prime below 2^shift, for shift 0..31 ({@code prime_mod} in ghash.c). */
    private static final int[] PRIME_MOD = {1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381,
        32749, 65521, 131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859,
        134217689, 268435399, 536870909, 1073741789, 2147483647};

    private int size;
    private int mod;
    private int mask;
    private int nnodes;
    private int noccupied;
    private int[] hashes;
    private byte[][] keyBytes;
    private String[] keys;

    /** An empty table, as {@code g_hash_table_new (g_str_hash, g_str_equal)} makes it: 8 slots. */
    public GHashTableOrder() {
        setShift(MIN_SHIFT);
        hashes = new int[size];
        keyBytes = new byte[size][];
        keys = new String[size];
    }

    /**
     * The key QEMU 7.2 names in {@code Parameter '...' is unexpected}: the first key of a table
     * filled with {@code keysInQdictOrder}, from which {@code visitedPresent} were then removed in
     * that order.
     *
     * @param keysInQdictOrder the argument object's keys in QDict iteration order
     * @param visitedPresent the schema members that were present, in schema (visit) order
     * @return the named key, or empty if every key was visited
     */
    public static Optional<String> firstLeftOver(final List<String> keysInQdictOrder, final List<String> visitedPresent) {
        GHashTableOrder table = new GHashTableOrder();
        for (String key : keysInQdictOrder) {
            table.insert(key);
        }
        for (String key : visitedPresent) {
            table.remove(key);
        }
        return table.first();
    }

    /**
     * GLib's {@code g_str_hash} over bytes read as signed chars.
     *
     * @param bytes the string's bytes, without the terminating NUL
     * @return the hash as an unsigned 32-bit value held in an int
     */
    public static int strHash(final byte[] bytes) {
        int h = 5381;
        for (byte b : bytes) {
            h = h * 33 + b; // Java's byte is signed, as GLib's "const signed char *"
        }
        return h;
    }

    /**
     * {@code g_hash_table_insert} of a key (with no value).
     *
     * @param key the key
     * @return true if the key was not in the table yet
     */
    public boolean insert(final String key) {
        byte[] bytes = QmpJsonWriter.storedBytes(key);
        int hash = storedHash(bytes);
        int index = lookup(bytes, hash);
        int old = hashes[index];
        if (isReal(old)) {
            return false;
        }
        hashes[index] = hash;
        keyBytes[index] = bytes;
        keys[index] = key;
        nnodes++;
        if (old == UNUSED) {
            noccupied++;
            maybeResize();
        }
        return true;
    }

    /**
     * {@code g_hash_table_remove} of a key.
     *
     * @param key the key
     * @return true if it was in the table
     */
    public boolean remove(final String key) {
        byte[] bytes = QmpJsonWriter.storedBytes(key);
        int index = lookup(bytes, storedHash(bytes));
        if (!isReal(hashes[index])) {
            return false;
        }
        hashes[index] = TOMBSTONE;
        keyBytes[index] = null;
        keys[index] = null;
        nnodes--;
        maybeResize();
        return true;
    }

    /**
     * The first key {@code g_hash_table_iter_next} yields.
     *
     * @return the key, or empty for an empty table
     */
    public Optional<String> first() {
        for (int i = 0; i < size; i++) {
            if (isReal(hashes[i])) {
                return Optional.of(keys[i]);
            }
        }
        return Optional.empty();
    }

    /**
     * Every key in {@code g_hash_table_iter_next} order.
     *
     * @return the keys
     */
    public List<String> keys() {
        List<String> out = new ArrayList<>(nnodes);
        for (int i = 0; i < size; i++) {
            if (isReal(hashes[i])) {
                out.add(keys[i]);
            }
        }
        return out;
    }

    /**
     * How many keys the table holds.
     *
     * @return GLib's {@code nnodes}
     */
    public int count() {
        return nnodes;
    }

    /**
     * How many slots the table has.
     *
     * @return GLib's {@code size}, a power of two, at least 8
     */
    public int capacity() {
        return size;
    }

    /**
     * The slot of each key, in iteration order.
     *
     * @return slot indexes of the live entries, ascending
     */
    int[] slots() {
        return IntStream.range(0, size).filter(i -> isReal(hashes[i])).toArray();
    }

    /**
     * How many tombstones the table holds.
     *
     * @return {@code noccupied - nnodes}
     */
    int tombstones() {
        return noccupied - nnodes;
    }

    private static int storedHash(final byte[] bytes) {
        int h = strHash(bytes);
        return isReal(h) ? h : 2;
    }

    /** {@code HASH_IS_REAL}: neither unused (0) nor a tombstone (1); hashes are unsigned. */
    private static boolean isReal(final int hash) {
        return hash != UNUSED && hash != TOMBSTONE;
    }

    private int home(final int hash) {
        return Integer.remainderUnsigned(hash * 11, mod);
    }

    /** {@code g_hash_table_lookup_node}: the key's slot, else the first tombstone, else the unused slot. */
    private int lookup(final byte[] bytes, final int hash) {
        int index = home(hash);
        int firstTombstone = -1;
        int step = 0;
        while (hashes[index] != UNUSED) {
            if (hashes[index] == hash && Arrays.equals(keyBytes[index], bytes)) {
                return index;
            }
            if (hashes[index] == TOMBSTONE && firstTombstone < 0) {
                firstTombstone = index;
            }
            step++;
            index = (index + step) & mask;
        }
        return firstTombstone >= 0 ? firstTombstone : index;
    }

    private void setShift(final int shift) {
        size = 1 << shift;
        mod = PRIME_MOD[shift];
        mask = size - 1;
    }

    private void maybeResize() {
        if ((size > nnodes * 4 && size > 1 << MIN_SHIFT) || size <= noccupied + noccupied / 16) {
            resize();
        }
    }

    /** {@code g_hash_table_resize} with the in-place rehash of {@code resize_set}/{@code resize_map}. */
    private void resize() {
        int oldSize = size;
        int wanted = (int) (nnodes * 1.333);
        setShift(Math.max(32 - Integer.numberOfLeadingZeros(wanted), MIN_SHIFT));
        if (size > oldSize) {
            hashes = Arrays.copyOf(hashes, size);
            keyBytes = Arrays.copyOf(keyBytes, size);
            keys = Arrays.copyOf(keys, size);
        }
        boolean[] placed = new boolean[Math.max(size, oldSize)];
        for (int i = 0; i < oldSize; i++) {
            int hash = hashes[i];
            if (!isReal(hash)) {
                hashes[i] = UNUSED;
                continue;
            }
            if (placed[i]) {
                continue;
            }
            hashes[i] = UNUSED;
            byte[] bytes = keyBytes[i];
            String key = keys[i];
            keyBytes[i] = null;
            keys[i] = null;
            while (true) {
                int slot = home(hash);
                int step = 0;
                while (placed[slot]) {
                    step++;
                    slot = (slot + step) & mask;
                }
                placed[slot] = true;
                int displacedHash = hashes[slot];
                byte[] displacedBytes = keyBytes[slot];
                String displacedKey = keys[slot];
                hashes[slot] = hash;
                keyBytes[slot] = bytes;
                keys[slot] = key;
                if (!isReal(displacedHash)) {
                    break;
                }
                hash = displacedHash;
                bytes = displacedBytes;
                key = displacedKey;
            }
        }
        if (size < oldSize) {
            hashes = Arrays.copyOf(hashes, size);
            keyBytes = Arrays.copyOf(keyBytes, size);
            keys = Arrays.copyOf(keys, size);
        }
        noccupied = nnodes;
    }
}
