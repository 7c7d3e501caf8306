package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdPageBytesTest {
    private final Random random = new Random(3);

    @Test
    void streamsPrefixesThatMatchTheWholePage() throws Exception {
        byte[] page = compressible(700_000);
        byte[] compressed = withMargins(Zstd.compress(page, 3));
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] target = new byte[page.length];
                ZstdPageBytes bytes = new ZstdPageBytes(zstd, compressed, 5, compressed.length - 10, target,
                        page.length);
                int end = 0;
                while (end < page.length) {
                    end = Math.min(page.length, end + 1 + random.nextInt(trial < 10 ? 5_000 : 400_000));
                    bytes.ensure(end);
                    assertThat(bytes.available).isGreaterThanOrEqualTo(end);
                    assertThat(Arrays.equals(target, 0, end, page, 0, end)).isTrue();
                }
            }
        }
    }

    @Test
    void abandoningAPageHalfWayDoesNotDisturbTheNext() throws Exception {
        byte[] first = compressible(500_000);
        byte[] second = compressible(300_000);
        byte[] firstCompressed = Zstd.compress(first, 3);
        byte[] secondCompressed = Zstd.compress(second, 3);
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            new ZstdPageBytes(zstd, firstCompressed, 0, firstCompressed.length, new byte[first.length], first.length)
                    .ensure(1000);
            byte[] target = new byte[second.length];
            ZstdPageBytes page = new ZstdPageBytes(zstd, secondCompressed, 0, secondCompressed.length, target,
                    second.length);
            page.ensure(10);
            page.ensure(second.length);
            assertThat(target).isEqualTo(second);
        }
    }

    @Test
    void rejectsPagesWhoseSizeDisagreesWithTheHeader() throws Exception {
        byte[] page = compressible(100_000);
        byte[] compressed = Zstd.compress(page, 3);
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            ZstdPageBytes tooBig = new ZstdPageBytes(zstd, compressed, 0, compressed.length,
                    new byte[page.length + 10], page.length + 10);
            assertThatThrownBy(() -> tooBig.ensure(page.length + 10)).isInstanceOf(ParquetFormatException.class);

            ZstdPageBytes tooBigStreamed = new ZstdPageBytes(zstd, compressed, 0, compressed.length,
                    new byte[page.length * 3], page.length * 3);
            tooBigStreamed.ensure(10);
            assertThatThrownBy(() -> tooBigStreamed.ensure(page.length * 3))
                    .isInstanceOf(ParquetFormatException.class);

            ZstdPageBytes tooSmall = new ZstdPageBytes(zstd, compressed, 0, compressed.length,
                    new byte[page.length - 10], page.length - 10);
            assertThatThrownBy(() -> tooSmall.ensure(page.length - 10)).isInstanceOf(ParquetFormatException.class);
        }
    }

    @Test
    void rejectsCorruptAndTruncatedData() throws Exception {
        byte[] page = compressible(200_000);
        byte[] compressed = Zstd.compress(page, 3);
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            byte[] badMagic = compressed.clone();
            badMagic[0] ^= 0x55;
            ZstdPageBytes corrupt = new ZstdPageBytes(zstd, badMagic, 0, badMagic.length, new byte[page.length],
                    page.length);
            assertThatThrownBy(() -> corrupt.ensure(100)).isInstanceOf(ParquetFormatException.class);

            ZstdPageBytes truncated = new ZstdPageBytes(zstd, compressed, 0, compressed.length / 2,
                    new byte[page.length], page.length);
            assertThatThrownBy(() -> truncated.ensure(page.length)).isInstanceOf(ParquetFormatException.class);

            ZstdPageBytes truncatedStream = new ZstdPageBytes(zstd, compressed, 0, compressed.length / 2,
                    new byte[page.length], page.length);
            assertThatThrownBy(() -> {
                for (int end = 1000; end <= page.length; end += 1000) {
                    truncatedStream.ensure(end);
                }
            }).isInstanceOf(ParquetFormatException.class);
        }
    }

    /** Little-endian longs of a random walk: compressible like point coordinates, not trivially. */
    private byte[] compressible(int size) {
        byte[] bytes = new byte[size];
        long walk = 0;
        for (int i = 0; i + 8 <= size; i += 8) {
            walk += random.nextInt(201) - 100;
            for (int b = 0; b < 8; b++) {
                bytes[i + b] = (byte) (walk >>> (8 * b));
            }
        }
        return bytes;
    }

    private static byte[] withMargins(byte[] data) {
        byte[] out = new byte[data.length + 10];
        Arrays.fill(out, (byte) 0x77);
        System.arraycopy(data, 0, out, 5, data.length);
        return out;
    }
}
