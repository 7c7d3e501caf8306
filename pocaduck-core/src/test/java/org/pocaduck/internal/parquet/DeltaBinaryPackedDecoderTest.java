package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeltaBinaryPackedDecoderTest {
    private final Random random = new Random(17);

    @Test
    void decodesEveryBlockShapeAndValueRange() throws Exception {
        int[][] shapes = {{128, 4}, {128, 1}, {256, 8}, {1024, 32}, {128, 2}};
        for (int[] shape : shapes) {
            for (int length : new int[] {0, 1, 2, 33, 129, 1000, 5000}) {
                for (int kind = 0; kind < 4; kind++) {
                    long[] values = values(length, kind);
                    for (boolean int32 : new boolean[] {false, true}) {
                        long[] expected = int32 ? Arrays.stream(values).map(v -> (int) v).toArray() : values;
                        byte[] encoded = DeltaBinaryPackedEncoder.encode(expected, shape[0], shape[1], int32, random);
                        assertDecodes(encoded, expected, int32,
                                "shape " + Arrays.toString(shape) + ", " + length + " values of kind " + kind);
                    }
                }
            }
        }
    }

    @Test
    void rejectsMalformedData() throws Exception {
        long[] values = values(1000, 1);
        byte[] encoded = DeltaBinaryPackedEncoder.encode(values, 128, 4, false, random);
        DeltaBinaryPackedDecoder full = decoder(encoded, encoded.length);
        assertThatThrownBy(() -> full.skip(1001))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("holds 1000 values");
        DeltaBinaryPackedDecoder truncated = decoder(encoded, encoded.length / 2);
        assertThatThrownBy(() -> truncated.skip(1000))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("past the end");
        byte[] badHeader = {(byte) 100, 3, 5, 0};
        assertThatThrownBy(() -> decoder(badHeader, badHeader.length))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("block size 100");
        byte[] wideMiniblock = {(byte) 128, 1, 1, 4, 0, 0, (byte) 65};
        DeltaBinaryPackedDecoder wide = decoder(wideMiniblock, wideMiniblock.length);
        wide.skip(1);
        assertThatThrownBy(() -> wide.skip(1))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("bit width");
    }

    private void assertDecodes(byte[] encoded, long[] expected, boolean int32, String what) throws Exception {
        for (int trial = 0; trial < 3; trial++) {
            DeltaBinaryPackedDecoder decoder = decoder(encoded, encoded.length);
            long[] decoded = new long[expected.length];
            int done = 0;
            while (done < expected.length) {
                int n = Math.min(expected.length - done, 1 + random.nextInt(trial == 0 ? 3 : 400));
                if (random.nextBoolean()) {
                    decoder.read(decoded, done, n);
                } else {
                    decoder.skip(n);
                    System.arraycopy(expected, done, decoded, done, n);
                }
                done += n;
            }
            if (int32) {
                decoded = Arrays.stream(decoded).map(v -> (int) v).toArray();
            }
            assertThat(decoded).as(what).isEqualTo(expected);
        }
    }

    /** Kinds: 0 constant runs, 1 small random walk, 2 full-range random, 3 extremes and wrap-around jumps. */
    private long[] values(int length, int kind) {
        long[] values = new long[length];
        long walk = random.nextLong();
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int i = 0; i < length; i++) {
            values[i] = switch (kind) {
                case 0 -> i / 300;
                case 1 -> walk += random.nextInt(41) - 20;
                case 2 -> random.nextLong();
                default -> extremes[random.nextInt(extremes.length)];
            };
        }
        return values;
    }

    private static DeltaBinaryPackedDecoder decoder(byte[] encoded, int end) throws ParquetFormatException {
        return new DeltaBinaryPackedDecoder(PageBytes.uncompressed(encoded, 0, encoded.length), 0, end);
    }
}
