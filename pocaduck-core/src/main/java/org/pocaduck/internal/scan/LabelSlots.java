package org.pocaduck.internal.scan;

import java.util.Arrays;

/**
 * Numbers the distinct labels of a block 0, 1, 2, ... in order of first appearance and counts how often each was
 * added: an open-addressing hash map from a uint64 label to an int slot, with no boxing. Label 0 is a label like any
 * other here (the caller decides whether background counts).
 */
public final class LabelSlots {
    private static final int EMPTY = -1;

    /** Slot of each hash bucket, or EMPTY; the bucket's label is {@code labels[slot]}. */
    private int[] buckets = emptyBuckets(64);
    private long[] labels = new long[16];
    private int[] counts = new int[16];
    private int size;

    /** Counts one more voxel of {@code label} and returns its slot. */
    public int add(long label) {
        int mask = buckets.length - 1;
        int bucket = hash(label) & mask;
        while (true) {
            int slot = buckets[bucket];
            if (slot == EMPTY) {
                slot = newSlot(label, bucket);
                counts[slot]++;
                return slot;
            }
            if (labels[slot] == label) {
                counts[slot]++;
                return slot;
            }
            bucket = (bucket + 1) & mask;
        }
    }

    /** Counts one more voxel of the label already in {@code slot}: the common case of a run of equal labels. */
    public void addTo(int slot) {
        counts[slot]++;
    }

    public int size() {
        return size;
    }

    public long label(int slot) {
        return labels[slot];
    }

    public int count(int slot) {
        return counts[slot];
    }

    /** The slots ordered by their labels as unsigned numbers, so that a scan writes its labels in a stable order. */
    public int[] slotsInLabelOrder() {
        long[] keyed = new long[size];
        for (int slot = 0; slot < size; slot++) {
            keyed[slot] = labels[slot] ^ Long.MIN_VALUE;
        }
        Arrays.sort(keyed);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = slotOf(keyed[i] ^ Long.MIN_VALUE);
        }
        return order;
    }

    private int slotOf(long label) {
        int mask = buckets.length - 1;
        int bucket = hash(label) & mask;
        while (labels[buckets[bucket]] != label) {
            bucket = (bucket + 1) & mask;
        }
        return buckets[bucket];
    }

    private int newSlot(long label, int bucket) {
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        int slot = size++;
        labels[slot] = label;
        buckets[bucket] = slot;
        // Keep the table at most half full, so that probe sequences stay short.
        if (size * 2 > buckets.length) {
            rehash(buckets.length * 2);
        }
        return slot;
    }

    private void rehash(int capacity) {
        buckets = emptyBuckets(capacity);
        int mask = capacity - 1;
        for (int slot = 0; slot < size; slot++) {
            int bucket = hash(labels[slot]) & mask;
            while (buckets[bucket] != EMPTY) {
                bucket = (bucket + 1) & mask;
            }
            buckets[bucket] = slot;
        }
    }

    private static int[] emptyBuckets(int capacity) {
        int[] buckets = new int[capacity];
        Arrays.fill(buckets, EMPTY);
        return buckets;
    }

    /** Labels are often small consecutive ids or share their high bits; mixing spreads them over the table. */
    private static int hash(long label) {
        long mixed = label * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32) ^ (int) mixed;
    }
}
