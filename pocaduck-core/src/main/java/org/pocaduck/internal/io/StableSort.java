package org.pocaduck.internal.io;

/** A stable merge sort of int indices by a comparator, without boxing (flushes sort up to millions of chunks). */
final class StableSort {
    /** Compares two indices. */
    interface IndexComparator {
        int compare(int a, int b);
    }

    private StableSort() {
    }

    /** The indices 0..n-1 in the comparator's order; equal elements keep their index order. */
    static int[] sortedIndices(int n, IndexComparator comparator) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] scratch = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int low = 0; low < n; low += 2 * width) {
                int middle = Math.min(low + width, n);
                int high = Math.min(low + 2 * width, n);
                merge(order, scratch, low, middle, high, comparator);
            }
            int[] swap = order;
            order = scratch;
            scratch = swap;
        }
        return order;
    }

    private static void merge(int[] from, int[] to, int low, int middle, int high, IndexComparator comparator) {
        int left = low;
        int right = middle;
        for (int out = low; out < high; out++) {
            if (left < middle && (right >= high || comparator.compare(from[left], from[right]) <= 0)) {
                to[out] = from[left++];
            } else {
                to[out] = from[right++];
            }
        }
    }
}
