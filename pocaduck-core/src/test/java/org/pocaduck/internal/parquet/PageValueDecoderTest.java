package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageValueDecoderTest {
    private final Random random = new Random(23);

    @Test
    void decodesByteStreamSplitOfEveryType() throws Exception {
        int n = 777;
        for (ValueType type : ValueType.values()) {
            ByteBuffer plain = ByteBuffer.allocate(n * type.width()).order(ByteOrder.LITTLE_ENDIAN);
            random.nextBytes(plain.array());
            byte[] page = new byte[3 + plain.capacity()];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < type.width(); k++) {
                    page[3 + k * n + i] = plain.get(i * type.width() + k);
                }
            }
            Object expected = java.lang.reflect.Array.newInstance(type.arrayType().getComponentType(), n);
            type.copyPlain(plain.array(), 0, expected, 0, n);
            for (int trial = 0; trial < 20; trial++) {
                int skip = random.nextInt(n);
                int count = random.nextInt(n - skip + 1);
                Object actual = java.lang.reflect.Array.newInstance(type.arrayType().getComponentType(), count);
                decoder(type).decode(Encoding.BYTE_STREAM_SPLIT, PageBytes.uncompressed(page, 0, page.length), 3,
                        skip, count, null, actual, 0);
                ParquetFileTest.assertSameValues(expected, skip, actual, 0, count, type.toString());
            }
        }
    }

    @Test
    void rejectsByteStreamSplitOfTheWrongLength() {
        byte[] page = new byte[8 * 10 + 3];
        assertThatThrownBy(() -> decoder(ValueType.DOUBLE).decode(Encoding.BYTE_STREAM_SPLIT,
                PageBytes.uncompressed(page, 0, page.length), 0, 0, 1, null, new double[1], 0))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("BYTE_STREAM_SPLIT");
    }

    @Test
    void namesUnsupportedEncodings() {
        byte[] page = new byte[64];
        assertThatThrownBy(() -> decoder(ValueType.INT64).decode(7, PageBytes.uncompressed(page, 0, 64), 0, 0, 1,
                null, new long[1], 0))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("DELTA_BYTE_ARRAY");
        assertThatThrownBy(() -> decoder(ValueType.DOUBLE).decode(Encoding.DELTA_BINARY_PACKED,
                PageBytes.uncompressed(page, 0, 64), 0, 0, 1, null, new double[1], 0))
                .isInstanceOf(ParquetFormatException.class)
                .hasMessageContaining("DOUBLE values encoded as DELTA_BINARY_PACKED");
        assertThatThrownBy(() -> decoder(ValueType.INT32).decode(42, PageBytes.uncompressed(page, 0, 64), 0, 0, 1,
                null, new int[1], 0))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("encoding 42");
    }

    @Test
    void rejectsDictionaryIndicesOutsideTheDictionary() {
        byte[] dictionary = new byte[3 * 8];
        byte[] indices = RleBitPackedEncoder.encode(new int[] {0, 1, 2, 3, 1, 0, 2, 2}, 2, 100);
        byte[] page = new byte[indices.length + 1];
        page[0] = 2;
        System.arraycopy(indices, 0, page, 1, indices.length);
        assertThatThrownBy(() -> decoder(ValueType.INT64).decode(Encoding.RLE_DICTIONARY,
                PageBytes.uncompressed(page, 0, page.length), 0, 0, 8, new Dictionary(dictionary, 0, 3),
                new long[8], 0))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("index 3");
    }

    @Test
    void narrowsDeltaEncodedInt32() throws Exception {
        long[] values = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 7, Integer.MIN_VALUE, Integer.MAX_VALUE};
        byte[] encoded = DeltaBinaryPackedEncoder.encode(values, 128, 4, true, random);
        int[] actual = new int[values.length];
        decoder(ValueType.INT32).decode(Encoding.DELTA_BINARY_PACKED,
                PageBytes.uncompressed(encoded, 0, encoded.length), 0, 0, values.length, null, actual, 0);
        assertThat(actual).containsExactly(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 7, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
    }

    private static PageValueDecoder decoder(ValueType type) {
        return new PageValueDecoder(type, DecodeScratch.acquire());
    }
}
