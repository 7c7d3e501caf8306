package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdPageBytesTest {
    private final Random random = new Random(3);

    @Test
    void streamsPrefixesThatMatchTheWholePage() throws Exception {
        byte[] page = compressible(700_000);
        for (byte[] frame : new byte[][] {Zstd.compress(page, 3), withoutContentSize(page)}) {
            byte[] compressed = withMargins(frame);
            try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
                for (int trial = 0; trial < 20; trial++) {
                    byte[] target = new byte[page.length];
                    ZstdPageBytes bytes = ZstdPageBytes.open(zstd, compressed, 5, compressed.length - 10, page.length,
                            n -> target);
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
    }

    @Test
    void abandoningAPageHalfWayDoesNotDisturbTheNext() throws Exception {
        byte[] first = compressible(500_000);
        byte[] second = compressible(300_000);
        byte[] firstCompressed = Zstd.compress(first, 3);
        byte[] secondCompressed = Zstd.compress(second, 3);
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            ZstdPageBytes.open(zstd, firstCompressed, 0, firstCompressed.length, first.length,
                    n -> new byte[n]).ensure(1000);
            byte[] target = new byte[second.length];
            ZstdPageBytes page = ZstdPageBytes.open(zstd, secondCompressed, 0, secondCompressed.length,
                    second.length, n -> target);
            page.ensure(10);
            page.ensure(second.length);
            assertThat(target).isEqualTo(second);
        }
    }

    @Test
    void rejectsAPageSizeTheFrameHeaderContradictsBeforeAllocating() throws Exception {
        byte[] page = compressible(100_000);
        byte[] compressed = Zstd.compress(page, 3);
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            for (int size : new int[] {page.length - 10, page.length + 10, Integer.MAX_VALUE - 100}) {
                assertThatThrownBy(() -> ZstdPageBytes.open(zstd, compressed, 0, compressed.length, size, n -> {
                    throw new AssertionError("allocated " + n + " bytes");
                })).isInstanceOf(ParquetFormatException.class).hasMessageContaining("zstd frame " + page.length);
            }
            byte[] notZstd = compressed.clone();
            notZstd[0] ^= 0x55;
            assertThatThrownBy(() -> ZstdPageBytes.open(zstd, notZstd, 0, notZstd.length, page.length,
                    n -> new byte[n])).isInstanceOf(ParquetFormatException.class).hasMessageContaining("frame header");
        }
    }

    @Test
    void rejectsFramesWithoutADeclaredSizeThatDisagreeWithTheHeader() throws Exception {
        byte[] page = compressible(100_000);
        byte[] compressed = withoutContentSize(page);
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            for (int size : new int[] {page.length - 10, page.length + 10, page.length * 3}) {
                ZstdPageBytes whole = ZstdPageBytes.open(zstd, compressed, 0, compressed.length, size,
                        n -> new byte[n]);
                assertThatThrownBy(() -> whole.ensure(size)).isInstanceOf(ParquetFormatException.class);
                byte[] target = new byte[size];
                ZstdPageBytes streamed = ZstdPageBytes.open(zstd, compressed, 0, compressed.length, size,
                        n -> target);
                streamed.ensure(10);
                if (size < page.length) {
                    // A prefix cannot tell that the frame goes on; the bytes it does return are right.
                    streamed.ensure(size);
                    assertThat(Arrays.equals(target, 0, size, page, 0, size)).isTrue();
                } else {
                    assertThatThrownBy(() -> streamed.ensure(size)).isInstanceOf(ParquetFormatException.class);
                }
            }
        }
    }

    @Test
    void rejectsTruncatedData() throws Exception {
        byte[] page = compressible(200_000);
        byte[] compressed = Zstd.compress(page, 3);
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            ZstdPageBytes truncated = ZstdPageBytes.open(zstd, compressed, 0, compressed.length / 2, page.length,
                    n -> new byte[n]);
            assertThatThrownBy(() -> truncated.ensure(page.length)).isInstanceOf(ParquetFormatException.class);

            ZstdPageBytes truncatedStream = ZstdPageBytes.open(zstd, compressed, 0, compressed.length / 2,
                    page.length, n -> new byte[n]);
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

    /** A frame written by the streaming compressor, whose header does not state the content size. */
    private static byte[] withoutContentSize(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream zstd = new ZstdOutputStream(out)) {
            zstd.write(data);
        }
        byte[] frame = out.toByteArray();
        assertThat(Zstd.getFrameContentSize(frame, 0, frame.length)).isEqualTo(-1);
        return frame;
    }

    private static byte[] withMargins(byte[] data) {
        byte[] out = new byte[data.length + 10];
        Arrays.fill(out, (byte) 0x77);
        System.arraycopy(data, 0, out, 5, data.length);
        return out;
    }
}
