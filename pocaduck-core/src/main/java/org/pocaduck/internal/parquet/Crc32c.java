package org.pocaduck.internal.parquet;

/**
 * The CRC-32C of two byte runs laid end to end, from the checksum of each and the length of the second, without their
 * bytes. A layout that describes a row group's adjacent column chunks keeps one checksum for all of them, made from
 * the checksum the writer recorded for each.
 *
 * <p>A CRC is the remainder of a polynomial division, so appending n bytes to a run multiplies its (pre- and
 * post-conditioned) checksum by x^(8n) modulo the CRC's polynomial; the powers x^(2^k) are kept in a table, and
 * x^(8n) is the product of those for the bits of 8n.
 */
final class Crc32c {
    /** The Castagnoli polynomial, bit-reversed as the CRC is computed. */
    private static final int POLYNOMIAL = 0x82F63B78;
    private static final int ONE = 0x80000000;
    /** POWERS[k] = x^(2^k) modulo the polynomial. */
    private static final int[] POWERS = new int[3 + Long.SIZE];

    static {
        POWERS[0] = ONE >>> 1;
        for (int k = 1; k < POWERS.length; k++) {
            POWERS[k] = multiply(POWERS[k - 1], POWERS[k - 1]);
        }
    }

    private Crc32c() {
    }

    /**
     * The CRC-32C of the bytes of {@code first} followed by those of {@code second}.
     *
     * @param first          CRC-32C of the first run
     * @param second         CRC-32C of the second run
     * @param secondLength   bytes in the second run
     */
    static long concatenated(long first, long second, long secondLength) {
        if (secondLength < 0) {
            throw new IllegalArgumentException("a run of bytes cannot be " + secondLength + " bytes long");
        }
        int shift = ONE;
        // x^(8 n): the bits of n, each taken three powers up.
        long n = secondLength;
        for (int k = 3; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                shift = multiply(POWERS[k], shift);
            }
        }
        return (multiply(shift, (int) first) ^ (int) second) & 0xFFFFFFFFL;
    }

    /** a(x) b(x) modulo the polynomial, both bit-reversed; {@code a} must not be 0. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int bit = ONE; ; bit >>>= 1) {
            if ((a & bit) != 0) {
                product ^= b;
                if ((a & (bit - 1)) == 0) {
                    return product;
                }
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
        }
    }
}
