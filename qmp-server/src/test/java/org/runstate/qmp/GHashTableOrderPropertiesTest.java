package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple.Tuple2;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * {@link GHashTableOrder} against an independent, plain re-statement of glib/ghash.c (2.74) in
 * {@link Reference}, and against invariants of any GHashTable; the recorded QEMU cases are in
 * {@link UnexpectedMemberRecordedCasesTest}.
 */
final class GHashTableOrderPropertiesTest {

    @Property(tries = 400)
    void sameIterationOrderAsTheReferenceAfterEveryOperation(@ForAll("operations") final List<Tuple2<Boolean, String>> ops) {
        GHashTableOrder model = new GHashTableOrder();
        Reference reference = new Reference();
        int capacity = model.capacity();
        boolean grew = false;
        boolean shrank = false;
        for (Tuple2<Boolean, String> op : ops) {
            boolean insert = op.get1();
            String key = op.get2();
            boolean changed = insert ? model.insert(key) : model.remove(key);
            boolean referenceChanged = insert ? reference.insert(key) : reference.remove(key);
            assertThat(changed).as("%s %s", insert ? "insert" : "remove", key).isEqualTo(referenceChanged);
            assertThat(model.keys()).as("order after %s %s", insert ? "insert" : "remove", key)
                    .isEqualTo(reference.keys());
            assertThat(model.capacity()).isEqualTo(reference.size());
            grew |= model.capacity() > capacity;
            shrank |= model.capacity() < capacity;
            capacity = model.capacity();
        }
        Statistics.label("grew").collect(grew);
        Statistics.label("shrank").collect(shrank);
        Statistics.label("grew").coverage(c -> c.check(true).percentage(p -> p > 15));
        Statistics.label("shrank").coverage(c -> c.check(true).percentage(p -> p > 10));
    }

    @Property(tries = 400)
    void iterationYieldsEachLiveKeyExactlyOnce(@ForAll("operations") final List<Tuple2<Boolean, String>> ops) {
        GHashTableOrder model = new GHashTableOrder();
        Set<String> live = new LinkedHashSet<>();
        for (Tuple2<Boolean, String> op : ops) {
            if (op.get1()) {
                assertThat(model.insert(op.get2())).isEqualTo(live.add(op.get2()));
            } else {
                assertThat(model.remove(op.get2())).isEqualTo(live.remove(op.get2()));
            }
            List<String> keys = model.keys();
            assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(live);
            assertThat(model.count()).isEqualTo(live.size());
            assertThat(model.first()).isEqualTo(keys.stream().findFirst());
            int[] slots = model.slots();
            assertThat(slots).isSorted().hasSize(live.size());
            // GLib's load bounds: a power of two of at least 8 slots, not too empty, never full
            int size = model.capacity();
            assertThat(Integer.bitCount(size)).isEqualTo(1);
            assertThat(size).isGreaterThanOrEqualTo(8);
            assertThat(size > live.size() * 4 && size > 8).as("under-filled table of %d for %d", size, live.size()).isFalse();
            int occupied = live.size() + model.tombstones();
            assertThat(size).isGreaterThan(occupied + occupied / 16);
        }
        // every live key is still found by its probe sequence: re-inserting adds nothing
        for (String key : live) {
            assertThat(model.insert(key)).as("re-insert of %s", key).isFalse();
        }
        assertThat(model.count()).isEqualTo(live.size());
    }

    @Property(tries = 400)
    void theNamedMemberIsTheFirstKeyLeftOver(@ForAll("keySets") final List<String> keys,
            @ForAll("seeds") final long seed) {
        Random random = new Random(seed);
        List<String> visited = new ArrayList<>();
        for (String key : keys) {
            if (random.nextInt(3) == 0) {
                visited.add(key);
            }
        }
        Collections.shuffle(visited, random);
        Reference reference = new Reference();
        keys.forEach(reference::insert);
        visited.forEach(reference::remove);
        List<String> left = reference.keys();
        assertThat(GHashTableOrder.firstLeftOver(keys, visited)).isEqualTo(left.stream().findFirst());
        if (!left.isEmpty()) {
            assertThat(left.get(0)).isIn(keys).isNotIn(visited);
        }
    }

    @Example
    void strHashReadsBytesAsSignedChars() {
        assertThat(GHashTableOrder.strHash(new byte[0])).isEqualTo(5381);
        assertThat(GHashTableOrder.strHash(bytes("a"))).isEqualTo(177670);
        assertThat(Integer.toUnsignedLong(GHashTableOrder.strHash(bytes("query-status")))).isEqualTo(2798206028L);
        // C3 A9: 5381 * 33 - 61, then * 33 - 87 (unsigned chars would give 5381 * 33 + 195, ...)
        assertThat(GHashTableOrder.strHash(bytes("é"))).isEqualTo(5857809);
        assertThat(GHashTableOrder.strHash(QmpJsonWriter.storedBytes("\0"))).isEqualTo(5857669);
        assertThat(GHashTableOrder.strHash(bytes("\uD83D\uDE00"))).isEqualTo(2085789420);
    }

    @Example
    void qemusExamples() {
        // recorded from QEMU 7.2.22: {"x": 1, "y": 2, "z": 3} names 'z'; {"é": 1, "e": 2} names 'e'
        assertThat(GHashTableOrder.firstLeftOver(List.of("x", "y", "z"), List.of())).contains("z");
        assertThat(GHashTableOrder.firstLeftOver(List.of("é", "e"), List.of())).contains("e");
        assertThat(GHashTableOrder.firstLeftOver(List.of("a"), List.of("a"))).isEmpty();
    }

    /**
     * Inserts and removes over a pool of up to 120 keys: a random walk (tables grow, churn
     * tombstones, shrink), or the pool inserted, drained in random order and partly re-inserted.
     */
    @Provide
    Arbitrary<List<Tuple2<Boolean, String>>> operations() {
        Arbitrary<List<String>> pools = Arbitraries.oneOf(shortKeys(), equalHashKeys(), Arbitraries.strings().ofMaxLength(6)
                .filter(GHashTableOrderPropertiesTest::wellFormed)).list().uniqueElements().ofMinSize(1).ofMaxSize(120);
        return pools.flatMap(pool -> {
            Arbitrary<String> key = Arbitraries.of(pool);
            Arbitrary<List<Tuple2<Boolean, String>>> walk = Arbitraries.frequencyOf(
                    Tuple.of(3, key.map(k -> Tuple.of(true, k))), Tuple.of(2, key.map(k -> Tuple.of(false, k))))
                    .list().ofMaxSize(400);
            Arbitrary<List<Tuple2<Boolean, String>>> fillAndDrain = Arbitraries.shuffle(pool).flatMap(drain ->
                    Arbitraries.integers().between(0, pool.size()).map(refill -> {
                        List<Tuple2<Boolean, String>> ops = new ArrayList<>();
                        pool.forEach(k -> ops.add(Tuple.of(true, k)));
                        drain.forEach(k -> ops.add(Tuple.of(false, k)));
                        drain.subList(0, refill).forEach(k -> ops.add(Tuple.of(true, k)));
                        return ops;
                    }));
            return Arbitraries.oneOf(walk, fillAndDrain);
        });
    }

    @Provide
    Arbitrary<List<String>> keySets() {
        return Arbitraries.oneOf(shortKeys(), equalHashKeys(), Arbitraries.strings().ofMaxLength(12)
                        .filter(GHashTableOrderPropertiesTest::wellFormed))
                .list().uniqueElements().ofMaxSize(150);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Short keys over a small alphabet with non-ASCII bytes and U+0000: many repeats and clashes. */
    private static Arbitrary<String> shortKeys() {
        return Arbitraries.strings().withChars("abAB_\u0000é中\uD83D\uDE00").ofMinLength(0).ofMaxLength(4)
                .filter(GHashTableOrderPropertiesTest::wellFormed);
    }

    /** Keys sharing one g_str_hash: blocks "Aa" and "B@" (65 * 33 + 97 == 66 * 33 + 64) concatenated. */
    private static Arbitrary<String> equalHashKeys() {
        return Arbitraries.of("Aa", "B@").list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
    }

    private static boolean wellFormed(final String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * glib/ghash.c restated plainly, sharing no code with {@link GHashTableOrder}: unsigned values
     * in longs, the prime found by trial division, the rehash into fresh arrays, with an entry
     * displaced from a slot it still occupies in the old layout placed next (what GLib's in-place
     * rehash amounts to).
     */
    static final class Reference {
        private static final long M32 = 0xFFFF_FFFFL;
        private long[] hash = new long[8];
        private String[] key = new String[8];
        private int nnodes;
        private int noccupied;

        int size() {
            return hash.length;
        }

        List<String> keys() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < hash.length; i++) {
                if (hash[i] > 1) {
                    out.add(key[i]);
                }
            }
            return out;
        }

        boolean insert(final String k) {
            long h = hashOf(k);
            int at = find(k, h);
            if (hash[at] > 1) {
                return false;
            }
            boolean wasEmpty = hash[at] == 0;
            hash[at] = h;
            key[at] = k;
            nnodes++;
            if (wasEmpty) {
                noccupied++;
                resizeIfNeeded();
            }
            return true;
        }

        boolean remove(final String k) {
            int at = find(k, hashOf(k));
            if (hash[at] <= 1) {
                return false;
            }
            hash[at] = 1;
            key[at] = null;
            nnodes--;
            resizeIfNeeded();
            return true;
        }

        private int find(final String k, final long h) {
            int n = hash.length;
            int at = home(h, n);
            int tomb = -1;
            for (int step = 1; hash[at] != 0; step++) {
                if (hash[at] == h && key[at].equals(k)) {
                    return at;
                }
                if (hash[at] == 1 && tomb < 0) {
                    tomb = at;
                }
                at = (at + step) % n;
            }
            return tomb < 0 ? at : tomb;
        }

        private void resizeIfNeeded() {
            int n = hash.length;
            if (n > 4L * nnodes && n > 8 || n <= noccupied + noccupied / 16) {
                long wanted = (long) Math.floor(nnodes * 1.333);
                int newSize = 8;
                while (newSize <= wanted) {
                    newSize *= 2;
                }
                rehash(newSize);
            }
        }

        private void rehash(final int newSize) {
            long[] oldHash = hash;
            String[] oldKey = key;
            boolean[] moved = new boolean[oldHash.length];
            hash = new long[newSize];
            key = new String[newSize];
            for (int i = 0; i < oldHash.length; i++) {
                int from = i;
                while (oldHash[from] > 1 && !moved[from]) {
                    moved[from] = true;
                    int at = home(oldHash[from], newSize);
                    for (int step = 1; hash[at] != 0; step++) {
                        at = (at + step) % newSize;
                    }
                    hash[at] = oldHash[from];
                    key[at] = oldKey[from];
                    // in place, the entry still sitting in slot 'at' of the old layout is evicted
                    // and placed next, unless that slot was visited already
                    if (at <= i || at >= oldHash.length) {
                        break;
                    }
                    from = at; // the loop goes on only if a live, not yet moved entry was there
                }
            }
            noccupied = nnodes;
        }

        private static int home(final long h, final int size) {
            return (int) (((h * 11) & M32) % largestPrimeBelow(size));
        }

        /** g_str_hash: djb2 over QEMU's bytes for the key (UTF-8, U+0000 as C0 80) as signed chars. */
        private static long hashOf(final String k) {
            long h = 5381;
            for (int cp : k.codePoints().toArray()) {
                byte[] b = cp == 0 ? new byte[] {(byte) 0xC0, (byte) 0x80}
                        : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                for (byte c : b) {
                    h = (h * 33 + c) & M32;
                }
            }
            return h <= 1 ? 2 : h;
        }

        private static long largestPrimeBelow(final int size) {
            for (long p = size - 1; p > 1; p--) {
                boolean prime = true;
                for (long d = 2; d * d <= p && prime; d++) {
                    prime = p % d != 0;
                }
                if (prime) {
                    return p;
                }
            }
            return 1;
        }
    }
}
