package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RleBitPackedDecoderTest {

    @Test
    void decodesMixedRunsAtEveryBitWidth() throws Exception {
        Random random = new Random(42);
        for (int bitWidth = 0; bitWidth <= 32; bitWidth++) {
            for (int minRepeat : new int[] {2, 8, 1 << 20}) {
                int[] values = randomValues(random, 5000, bitWidth);
                byte[] encoded = RleBitPackedEncoder.encode(values, bitWidth, minRepeat);

                int[] decoded = new int[values.length];
                RleBitPackedDecoder decoder = decoder(encoded, bitWidth);
                int done = 0;
                while (done < values.length) {
                    int n = Math.min(values.length - done, 1 + random.nextInt(700));
                    if (random.nextBoolean()) {
                        decoder.read(decoded, done, n);
                    } else {
                        decoder.skip(n);
                        System.arraycopy(values, done, decoded, done, n);
                    }
                    done += n;
                }
                assertThat(decoded).as("bit width %d, min repeat %d", bitWidth, minRepeat).isEqualTo(values);
            }
        }
    }

    @Test
    void countsAndFindsLevels() throws Exception {
        Random random = new Random(7);
        int[] levels = new int[20_000];
        for (int i = 0; i < levels.length; i++) {
            // Long stretches of 1 (defined) with occasional 0s (nulls), as definition levels look.
            levels[i] = random.nextInt(500) == 0 ? 0 : 1;
        }
        for (int minRepeat : new int[] {8, 1 << 20}) {
            byte[] encoded = RleBitPackedEncoder.encode(levels, 1, minRepeat);
            for (int trial = 0; trial < 200; trial++) {
                int skip = random.nextInt(levels.length);
                int take = random.nextInt(levels.length - skip + 1);
                RleBitPackedDecoder decoder = decoder(encoded, 1);
                int expectedCount = (int) Arrays.stream(levels, 0, skip).filter(v -> v == 1).count();
                assertThat(decoder.count(skip, 1)).isEqualTo(expectedCount);
                int expectedIndex = -1;
                for (int i = 0; i < take; i++) {
                    if (levels[skip + i] != 1) {
                        expectedIndex = i;
                        break;
                    }
                }
                assertThat(decoder.indexOfOther(take, 1)).isEqualTo(expectedIndex);
            }
        }
    }

    @Test
    void failsCleanlyWhenDataEndsEarly() throws Exception {
        byte[] encoded = RleBitPackedEncoder.encode(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
        RleBitPackedDecoder decoder = decoder(encoded, 4);
        assertThatThrownBy(() -> decoder.read(new int[9], 0, 9))
                .isInstanceOf(ParquetFormatException.class)
                .hasMessageContaining("ends before");
        assertThatThrownBy(() -> decoder(encoded, 33)).isInstanceOf(ParquetFormatException.class);
    }

    @Test
    void decodesARunCutShortAtTheEndOfTheArray() throws Exception {
        // Last bit-packed group declared whole but only the bytes for 3 values present, at the array's very end.
        byte[] encoded = {3, (byte) 0b1101_0001, 0b0000_1010};
        int[] out = new int[3];
        decoder(encoded, 5).read(out, 0, 3);
        assertThat(out).containsExactly(0b10001, 0b10110, 0b00010);
    }

    private static RleBitPackedDecoder decoder(byte[] encoded, int bitWidth) throws ParquetFormatException {
        return new RleBitPackedDecoder(PageBytes.uncompressed(encoded, 0, encoded.length), 0, encoded.length,
                bitWidth);
    }

    private static int[] randomValues(Random random, int n, int bitWidth) {
        int[] values = new int[n];
        long bound = 1L << bitWidth;
        int i = 0;
        while (i < n) {
            int v = (int) (bitWidth == 0 ? 0 : random.nextLong() & (bound - 1));
            int run = random.nextInt(4) == 0 ? 1 + random.nextInt(40) : 1;
            for (int k = 0; k < run && i < n; k++) {
                values[i++] = v;
            }
        }
        return values;
    }
}
