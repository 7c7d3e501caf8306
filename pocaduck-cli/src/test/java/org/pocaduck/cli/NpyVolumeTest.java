package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pocaduck.cli.NpyFiles.npy;
import static org.pocaduck.cli.NpyFiles.u8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyVolumeTest {
    private static final int[] SHAPE = {5, 7, 9};

    @TempDir
    Path dir;

    @Test
    void boxesReadAcrossManySmallWindowsMatchTheArray() throws IOException {
        long[] values = new long[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong();
        }
        Path file = Files.write(dir.resolve("volume.npy"),
                npy("<u8", false, new long[] {SHAPE[0], SHAPE[1], SHAPE[2]}, u8(values)));
        // Windows of 3 rows of 9 labels (and a few spare bytes): boxes straddle window boundaries.
        NpyVolume volume = NpyVolume.open(file, 3 * 9 * Long.BYTES + 5);

        for (int trial = 0; trial < 200; trial++) {
            int[] start = new int[3];
            int[] size = new int[3];
            for (int axis = 0; axis < 3; axis++) {
                start[axis] = random.nextInt(SHAPE[axis]);
                size[axis] = 1 + random.nextInt(SHAPE[axis] - start[axis]);
            }
            long[] box = volume.read(start, size);
            int i = 0;
            for (int z = start[0]; z < start[0] + size[0]; z++) {
                for (int y = start[1]; y < start[1] + size[1]; y++) {
                    for (int x = start[2]; x < start[2] + size[2]; x++) {
                        assertThat(box[i++]).isEqualTo(values[(z * SHAPE[1] + y) * SHAPE[2] + x]);
                    }
                }
            }
        }
    }

    @Test
    void aFileShorterThanItsShapeIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("short.npy"), npy("<u8", false, new long[] {2, 2, 2}, u8(new long[7])));

        assertThatThrownBy(() -> NpyVolume.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short.npy holds 184 bytes but its shape (2, 2, 2) of dtype '<u8' needs 192");
    }
}
