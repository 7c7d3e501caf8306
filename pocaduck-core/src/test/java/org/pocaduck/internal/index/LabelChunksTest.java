package org.pocaduck.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A label's chunks go into optimized files in spatial order: blocks near each other in space end up in nearby rows,
 * whatever their ids, and the chunks of one block stay together in file and row order.
 */
class LabelChunksTest {
    private static final int SIDE = 8;

    @Test
    void everyAlignedCubeOfBlocksIsOneRunOfChunks() {
        // Blocks of an 8x8x8 grid with ids that sort in no spatial order, one label in all of them (its chunk in
        // each), listed in block id order as the index returns them; a second label in two blocks follows.
        List<String> ids = new ArrayList<>();
        List<int[]> cells = new ArrayList<>();
        Random random = new Random(7);
        for (int x = 0; x < SIDE; x++) {
            for (int y = 0; y < SIDE; y++) {
                for (int z = 0; z < SIDE; z++) {
                    ids.add(Integer.toHexString(random.nextInt()) + "-" + x + "_" + y + "_" + z);
                    cells.add(new int[] {x, y, z});
                }
            }
        }
        List<Integer> byId = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            byId.add(i);
        }
        byId.sort((a, b) -> ids.get(a).compareTo(ids.get(b)));
        List<String> sortedIds = byId.stream().map(ids::get).toList();
        LabelChunks chunks = new LabelChunks(sortedIds, 3);
        for (int number = 0; number < byId.size(); number++) {
            int[] cell = cells.get(byId.get(number));
            double[] origin = {cell[0] * 64, cell[1] * 64, cell[2] * 64};
            // The block's points lie in two files, each chunk with bounds of its own: together they span the block.
            chunks.add(5, number, 0, 1000L * number, 10, origin, shifted(origin, 40));
            chunks.add(5, number, 1, 1000L * number, 20, shifted(origin, 20), shifted(origin, 63));
        }
        chunks.add(9, 3, 0, 900_000, 4, new double[] {1, 1, 1}, new double[] {1, 1, 1});
        chunks.add(9, 1, 1, 900_000, 4, new double[] {0, 0, 0}, new double[] {0, 0, 0});

        chunks.orderSpatially();

        assertThat(chunks.size()).isEqualTo(2 * SIDE * SIDE * SIDE + 2);
        List<int[]> order = new ArrayList<>();
        for (int c = 0; c < 2 * SIDE * SIDE * SIDE; c += 2) {
            assertThat(chunks.label(c)).isEqualTo(5);
            assertThat(chunks.block(c + 1)).as("the two chunks of a block stay together").isEqualTo(chunks.block(c));
            assertThat(chunks.fileId(c)).isZero();
            assertThat(chunks.fileId(c + 1)).isEqualTo(1);
            assertThat(chunks.rowStart(c)).isEqualTo(1000L * chunks.block(c));
            order.add(cells.get(byId.get(chunks.block(c))));
        }
        // Z-order: for every cube size, each aligned cube's blocks are consecutive.
        for (int size = 2; size <= SIDE; size *= 2) {
            for (int from = 0; from < order.size(); from += size * size * size) {
                Set<String> cubes = new HashSet<>();
                for (int[] cell : order.subList(from, from + size * size * size)) {
                    cubes.add(cell[0] / size + "," + cell[1] / size + "," + cell[2] / size);
                }
                assertThat(cubes).as("cube of side %d starting at block %d", size, from / 2).hasSize(1);
            }
        }
        assertThat(new HashSet<>(order.stream().map(c -> c[0] + "," + c[1] + "," + c[2]).toList())).hasSize(512);
        // The second label's chunks: nearer the origin first.
        assertThat(chunks.label(order.size() * 2)).isEqualTo(9);
        assertThat(chunks.block(order.size() * 2)).isEqualTo(1);
        assertThat(chunks.block(order.size() * 2 + 1)).isEqualTo(3);
    }

    private static double[] shifted(double[] origin, double by) {
        return new double[] {origin[0] + by, origin[1] + by, origin[2] + by};
    }

    @Test
    void chunksWithoutFiniteBoundsKeepTheirIndexOrder() {
        LabelChunks chunks = new LabelChunks(List.of("a", "b", "c"), 3);
        double[] unknown = {Double.NaN, Double.NaN, Double.NaN};
        List<Integer> files = new ArrayList<>(List.of(0, 1, 2));
        Collections.shuffle(files, new Random(3));
        for (int c = 0; c < 3; c++) {
            chunks.add(1, c, files.get(c), 10L * c, 5, unknown, unknown);
        }
        chunks.orderSpatially();
        for (int c = 0; c < 3; c++) {
            assertThat(chunks.block(c)).isEqualTo(c);
            assertThat(chunks.fileId(c)).isEqualTo(files.get(c));
        }
    }
}
