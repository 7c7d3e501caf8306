package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pocaduck.cli.NpyFiles.npy;
import static org.pocaduck.cli.NpyFiles.u4;
import static org.pocaduck.cli.NpyFiles.u8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.BlockScanner;
import org.pocaduck.RandomLabelVolume;
import org.pocaduck.RandomLabelVolume.Voxel;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

class ScanCommandTest {
    private static final int NZ = 9;
    private static final int NY = 10;
    private static final int NX = 11;
    private static final long[] LABELS = {0, 3, Long.MIN_VALUE, -1L, 1L << 50};

    @TempDir
    Path dir;

    /** One voxel in volume coordinates. */

    @Test
    void allVoxelsOfAVolumeByTwoWorkers() throws IOException {
        long[] volume = RandomLabelVolume.generate(NZ, NY, NX, LABELS, 1).labels;
        Path npy = write("volume.npy", npy("<u8", false, new long[] {NZ, NY, NX}, u8(volume)));
        Path base = dir.resolve("all");

        Cli.Result result = Cli.run("scan", "--base", base.toString(), "--volume", npy.toString(),
                "--block-size", "4", "--workers", "2", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<Long, Set<Voxel>> expected = expected(volume, false, 1, false);
        long points = expected.values().stream().mapToLong(Set::size).sum();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).matches("scanned " + NZ * NY * NX + " voxels in 27 blocks into " + points
                + " points of \\d+ label chunks in \\d+\\.\\d s \\(\\d+ voxels/s, \\d+ points/s\\)");
        assertThat(lines).contains("workers: scan-1, scan-2", "labels: " + expected.size(), "points: " + points);
        assertDataset(base, expected);
        try (Query query = Query.open(StorageConfig.of(base.toString()))) {
            // Voxel (x 10, y 9, z 8) lies in block (2, 2, 2) of 4³ blocks.
            long corner = volume[(8 * NY + 9) * NX + 10];
            if (corner != 0) {
                assertThat(query.getBlocksForLabel(corner)).contains("2_2_2");
            }
        }
    }

    @Test
    void surfaceOnAStrideEqualsTheSurfaceOfTheWholeVolume() throws IOException {
        long[] volume = RandomLabelVolume.generate(NZ, NY, NX, LABELS, 2).labels;
        Path npy = write("volume.npy", npy("<u8", false, new long[] {NZ, NY, NX}, u8(volume)));
        Path base = dir.resolve("surface");

        Cli.Result result = Cli.run("scan", "--base", base.toString(), "--volume", npy.toString(),
                "--block-size", "3,4,5", "--surface", "--stride", "2", "--include-background", "--workers", "3",
                "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertDataset(base, expected(volume, true, 2, true));
    }

    @Test
    void uint32InFortranOrderAndInt64IndexedXyzGiveTheSamePoints() throws IOException {
        long[] volume = RandomLabelVolume.generate(NZ, NY, NX, LABELS, 3).labels;
        for (int i = 0; i < volume.length; i++) {
            volume[i] &= 0xffff_ffffL;
        }
        Map<Long, Set<Voxel>> expected = expected(volume, true, 1, false);
        // The same (z, y, x) array in Fortran order: in memory x varies slowest.
        Path fortran = write("fortran.npy", npy("<u4", true, new long[] {NZ, NY, NX}, u4(transposed(volume))));
        // An array indexed [x][y][z] in C order has exactly that memory too; here as int64.
        Path xyz = write("xyz.npy", npy("<i8", false, new long[] {NX, NY, NZ}, u8(transposed(volume))));

        Cli.Result first = Cli.run("scan", "--base", dir.resolve("fortran").toString(), "--volume",
                fortran.toString(), "--block-size", "4,5,6", "--surface", "--consolidate");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertDataset(dir.resolve("fortran"), expected);

        Cli.Result second = Cli.run("scan", "--base", dir.resolve("xyz").toString(), "--volume", xyz.toString(),
                "--axes", "xyz", "--block-size", "6,5,4", "--surface", "--consolidate");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertDataset(dir.resolve("xyz"), expected);

        // Both cut blocks of 6 (x) by 5 (y) by 4 (z): the corner voxel x 10, y 9, z 8 lies in block 1_1_2.
        long corner = volume[(8 * NY + 9) * NX + 10];
        for (String base : List.of("fortran", "xyz")) {
            try (Query query = Query.open(StorageConfig.of(dir.resolve(base).toString()))) {
                assertThat(query.getBlocksForLabel(corner)).as(base).contains("1_1_2");
            }
        }
    }

    @Test
    void narrowAndBigEndianDtypesHoldTheSameLabels() throws IOException {
        long[] volume = RandomLabelVolume.generate(NZ, NY, NX, LABELS, 4).labels;
        for (int i = 0; i < volume.length; i++) {
            volume[i] &= 0xff;
        }
        Map<Long, Set<Voxel>> expected = expected(volume, false, 1, false);
        ByteBuffer bigEndian = ByteBuffer.allocate(volume.length * Short.BYTES).order(ByteOrder.BIG_ENDIAN);
        byte[] bytes = new byte[volume.length];
        for (int i = 0; i < volume.length; i++) {
            bigEndian.putShort((short) volume[i]);
            bytes[i] = (byte) volume[i];
        }
        Map<String, byte[]> files = Map.of("|u1", bytes, ">u2", bigEndian.array());

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path npy = write("narrow.npy", npy(file.getKey(), false, new long[] {NZ, NY, NX}, file.getValue()));
            Path base = dir.resolve("narrow-" + file.getValue().length);

            Cli.Result result = Cli.run("scan", "--base", base.toString(), "--volume", npy.toString(),
                    "--block-size", "5", "--consolidate");

            assertThat(result.exitCode()).as(file.getKey() + ": " + result.err()).isZero();
            assertDataset(base, expected);
        }
    }

    @Test
    void badInputEndsWithOneLineAndExitCode1() throws IOException {
        Path base = dir.resolve("bad");
        Path flat = write("flat.npy", npy("<u8", false, new long[] {2, 3}, u8(new long[6])));
        Path floats = write("floats.npy", npy("<f8", false, new long[] {1, 1, 2}, u8(new long[2])));
        Path negative = write("negative.npy", npy("<i4", false, new long[] {1, 2, 2}, u4(new long[] {1, 2, -5, 1})));

        assertOneLineError(Cli.run("scan", "--base", base.toString(), "--volume", dir.resolve("missing.npy")
                .toString()), "missing.npy does not exist or is not a file");
        assertOneLineError(Cli.run("scan", "--base", base.toString(), "--volume", flat.toString()),
                "has shape (2, 3); expected a 3-D volume of labels");
        assertOneLineError(Cli.run("scan", "--base", base.toString(), "--volume", floats.toString()),
                "holds dtype '<f8'; expected integer labels");
        assertOneLineError(Cli.run("scan", "--base", base.toString(), "--volume", negative.toString()),
                "label -5 at [0, 1, 0] is negative; expected uint64 labels");
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        Path npy = write("volume.npy", npy("<u8", false, new long[] {2, 2, 2}, u8(new long[8])));
        String base = dir.resolve("usage").toString();

        for (String[] options : List.of(new String[] {"--block-size", "0"}, new String[] {"--block-size", "4,4"},
                new String[] {"--block-size", "four"}, new String[] {"--stride", "0"},
                new String[] {"--workers", "0"}, new String[] {"--axes", "yxz"})) {
            String[] args = new String[options.length + 5];
            System.arraycopy(new String[] {"scan", "--base", base, "--volume", npy.toString()}, 0, args, 0, 5);
            System.arraycopy(options, 0, args, 5, options.length);

            Cli.Result result = Cli.run(args);

            assertThat(result.exitCode()).as(String.join(" ", options) + ": " + result.err()).isEqualTo(2);
            assertThat(result.err()).contains(options[0]);
        }
        assertThat(Files.exists(dir.resolve("usage"))).isFalse();
    }

    @Test
    void helpShowsExamples() {
        Cli.Result result = Cli.run("scan", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--volume", "--block-size", "--surface", "--stride", "Examples:",
                "pocaduck scan --base /data/pc --volume seg.npy");
    }

    private static void assertOneLineError(Cli.Result result, String expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString().startsWith("pocaduck scan: ").contains(expected);
    }

    private static void assertDataset(Path base, Map<Long, Set<Voxel>> expected) {
        try (Query query = Query.open(StorageConfig.of(base.toString()))) {
            RandomLabelVolume.assertHolds(query, expected);
        }
    }

    /** What a scan with these settings must find in {@code volume}, one of this test's NZ × NY × NX volumes. */
    private static Map<Long, Set<Voxel>> expected(long[] volume, boolean surface, int stride, boolean background) {
        BlockScanner scanner = (surface ? BlockScanner.surfaceVoxels() : BlockScanner.allVoxels()).withStride(stride)
                .withBackground(background);
        return RandomLabelVolume.of(NZ, NY, NX, volume).expected(scanner, null);
    }

    /** The (z, y, x) C-order volume laid out with x slowest and z fastest. */
    private static long[] transposed(long[] volume) {
        long[] out = new long[volume.length];
        int i = 0;
        for (int x = 0; x < NX; x++) {
            for (int y = 0; y < NY; y++) {
                for (int z = 0; z < NZ; z++) {
                    out[i++] = volume[(z * NY + y) * NX + x];
                }
            }
        }
        return out;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
