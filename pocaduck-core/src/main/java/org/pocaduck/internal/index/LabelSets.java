package org.pocaduck.internal.index;

import java.util.Arrays;
import java.util.Collection;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;

/** Sets of labels as arrays sorted in unsigned order, the order every label list is returned in. */
public final class LabelSets {
    private LabelSets() {
    }

    /** The labels, each once, in unsigned order. */
    public static long[] sortedUnsigned(Collection<Long> labels) {
        long[] sorted = labels.stream().mapToLong(Long::longValue).distinct().toArray();
        // Flipping the sign bit maps unsigned order onto signed order.
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] ^= Long.MIN_VALUE;
        }
        return sorted;
    }

    /** The sorted union of two arrays sorted in unsigned order, each value once. */
    static long[] union(long[] a, long[] b) {
        long[] union = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int order = i == a.length ? 1 : j == b.length ? -1 : Long.compareUnsigned(a[i], b[j]);
            if (order <= 0) {
                union[n++] = a[i++];
                j += order == 0 ? 1 : 0;
            } else {
                union[n++] = b[j++];
            }
        }
        return Arrays.copyOf(union, n);
    }

    /** The union of two streams of labels in unsigned order, each value once, merged as it is consumed. */
    static LongStream union(LongStream a, LongStream b) {
        PrimitiveIterator.OfLong left = a.iterator();
        PrimitiveIterator.OfLong right = b.iterator();
        PrimitiveIterator.OfLong merged = new PrimitiveIterator.OfLong() {
            private long leftHead;
            private long rightHead;
            private boolean leftHeld;
            private boolean rightHeld;

            @Override
            public boolean hasNext() {
                if (!leftHeld && left.hasNext()) {
                    leftHead = left.nextLong();
                    leftHeld = true;
                }
                if (!rightHeld && right.hasNext()) {
                    rightHead = right.nextLong();
                    rightHeld = true;
                }
                return leftHeld || rightHeld;
            }

            @Override
            public long nextLong() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int order = !rightHeld ? -1 : !leftHeld ? 1 : Long.compareUnsigned(leftHead, rightHead);
                leftHeld &= order > 0;
                rightHeld &= order < 0;
                return order <= 0 ? leftHead : rightHead;
            }
        };
        return StreamSupport.longStream(Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED
                | Spliterator.DISTINCT | Spliterator.NONNULL), false).onClose(() -> {
                    a.close();
                    b.close();
                });
    }

}
