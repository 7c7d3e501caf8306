package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cTest {
    @Test
    void theChecksumOfTwoRunsEndToEndIsTheChecksumOfTheirBytes() {
        SplittableRandom random = new SplittableRandom(20_261_206);
        for (int trial = 0; trial < 300; trial++) {
            int length = trial < 10 ? trial : random.nextInt(trial % 10 == 0 ? 3_000_000 : 5_000);
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            int split = random.nextInt(length + 1);
            long first = crc(bytes, 0, split);
            long second = crc(bytes, split, length - split);
            assertThat(Crc32c.concatenated(first, second, length - split)).as("%d bytes split at %d", length, split)
                    .isEqualTo(crc(bytes, 0, length));
        }
    }

    @Test
    void refusesANegativeLength() {
        assertThatThrownBy(() -> Crc32c.concatenated(0, 0, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
