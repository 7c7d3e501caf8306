package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.Box;
import org.pocaduck.Ingestor;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

class RenderCommandTest {

    private static final long LABEL = Long.MIN_VALUE + 7;
    private static final int SIZE = 600;

    @TempDir
    static Path dir;
    static StorageConfig config;

    /** A line along x at y = z = 0, and a cube of 11³ points around (900, 500, 500). */
    @BeforeAll
    static void writeDataset() {
        config = StorageConfig.local(dir.resolve("pc"));
        long[][] line = new long[1000][];
        for (int x = 0; x < line.length; x++) {
            line[x] = new long[] {x, 0, 0};
        }
        long[][] cube = new long[11 * 11 * 11][];
        int i = 0;
        for (int x = 895; x <= 905; x++) {
            for (int y = 495; y <= 505; y++) {
                for (int z = 495; z <= 505; z++) {
                    cube[i++] = new long[] {x, y, z};
                }
            }
        }
        try (Ingestor ingestor = Ingestor.open(config, "worker-1")) {
            ingestor.write(LABEL, "0_0_0", line);
            ingestor.write(LABEL, "1_1_1", cube);
        }
        Ingestor.consolidateIndexes(config);
    }

    @Test
    void drawsPointsWhereTheyProjectAndNothingFarFromThem() throws IOException {
        Path png = dir.resolve("label.png");

        Cli.Result result = Cli.run("render", "--base", config.base().toString(),
                "--label", Long.toUnsignedString(LABEL), "--output", png.toString(), "--size", String.valueOf(SIZE));

        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(SIZE);
        assertThat(image.getHeight()).isEqualTo(SIZE / 2);

        LabelRenderer.Layout layout = layoutOfTheDataset();
        for (int panel = 0; panel < 3; panel++) {
            assertThat(isDrawn(image, layout, panel, 900, 500, 500)).as("cube, panel %d", panel).isTrue();
            assertThat(isDrawn(image, layout, panel, 300, 250, 250)).as("empty space, panel %d", panel).isFalse();
        }
        // The line shows as a line in XY and XZ, and end-on as one dot in YZ.
        for (int x = 0; x < 1000; x += 111) {
            assertThat(isDrawn(image, layout, 0, x, 0, 0)).as("line at x=%d in XY", x).isTrue();
            assertThat(isDrawn(image, layout, 1, x, 0, 0)).as("line at x=%d in XZ", x).isTrue();
        }
        assertThat(isDrawn(image, layout, 2, 0, 0, 0)).isTrue();
    }

    @Test
    void aBoxKeepsItsPointsAndItsSidesAreTheAxes() throws IOException {
        Path png = dir.resolve("box.png");
        // The cube (x 895..905) and none of the line (y = z = 0); x 880..980 puts the cube at a fifth of each axis.
        Box box = Box.of(880, 480, 480, 980, 580, 580);

        Cli.Result result = Cli.run("render", "--base", config.base().toString(), "--label",
                Long.toUnsignedString(LABEL), "--output", png.toString(), "--size", String.valueOf(SIZE),
                "--bbox", "880,480,480,980,580,580");

        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        LabelRenderer.Layout layout = new LabelRenderer(SIZE, box).layout(xyz(points(box)));
        assertThat(layout.min()).containsExactly(880, 480, 480);
        assertThat(layout.max()).containsExactly(980, 580, 580);
        // Where the box's axes put the cube, and not where the points' own extent (the cube filling the panel) would.
        int span = layout.panelSide() - layout.dot();
        for (int panel = 0; panel < 3; panel++) {
            int left = layout.panelLeft()[panel];
            int bottom = layout.panelTop() + layout.panelSide() - 1;
            assertThat(isLit(image, left + span / 5, bottom - span / 5)).as("cube, panel %d", panel).isTrue();
            assertThat(isLit(image, left + span * 7 / 10, bottom - span * 7 / 10)).as("beyond, panel %d", panel)
                    .isFalse();
        }
    }

    @Test
    void anOpenSideOfTheBoxFallsBackToThePointsExtent() {
        Box box = Box.of(850, Double.NEGATIVE_INFINITY, 400, Double.POSITIVE_INFINITY, 1000, Double.POSITIVE_INFINITY);

        LabelRenderer.Layout layout = new LabelRenderer(SIZE, box).layout(xyz(points(box)));

        assertThat(layout.min()).containsExactly(850, 495, 400);
        assertThat(layout.max()).containsExactly(905, 1000, 505);
    }

    @Test
    void aBoxWithoutPointsOfTheLabelIsAUserErrorNamingTheBox() {
        Cli.Result result = Cli.run("render", "--base", config.base().toString(), "--label",
                Long.toUnsignedString(LABEL), "--output", dir.resolve("empty.png").toString(),
                "--bbox", "0,100,0,10,200,10");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString().startsWith("pocaduck render: ")
                .contains(Long.toUnsignedString(LABEL), "no points inside", "[100.0, 200.0)");
        assertThat(dir.resolve("empty.png")).doesNotExist();
    }

    @Test
    void nearerPointsAreBrighter() throws IOException {
        BufferedImage image = new LabelRenderer(SIZE).render(LABEL, points());
        LabelRenderer.Layout layout = layoutOfTheDataset();

        // In YZ (depth x) the line's end at x = 0 covers the pixel of y = z = 0; the cube is seen from x ≈ 900.
        assertThat(brightness(image, layout, 2, 0, 0, 0)).isGreaterThan(brightness(image, layout, 2, 900, 500, 500));
    }

    @Test
    void aLabelWithoutPointsIsAUserErrorNamingIt() {
        Cli.Result result = Cli.run("render", "--base", config.base().toString(), "--label", "12345",
                "--output", dir.resolve("none.png").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("pocaduck render: ")
                .contains("12345");
        assertThat(dir.resolve("none.png")).doesNotExist();
    }

    private static PointCloud points() {
        try (Query query = Query.open(config)) {
            return query.getPoints(LABEL);
        }
    }

    private static PointCloud points(Box box) {
        try (Query query = Query.open(config)) {
            return query.getPoints(LABEL, box);
        }
    }

    private static LabelRenderer.Layout layoutOfTheDataset() {
        return new LabelRenderer(SIZE).layout(xyz(points()));
    }

    private static double[][] xyz(PointCloud cloud) {
        double[][] xyz = new double[3][cloud.size()];
        for (int row = 0; row < cloud.size(); row++) {
            for (int d = 0; d < 3; d++) {
                xyz[d][row] = cloud.getDouble(row, d);
            }
        }
        return xyz;
    }

    /** Whether the point (x, y, z), projected into {@code panel}, has a pixel other than the panel's background. */
    private static boolean isDrawn(BufferedImage image, LabelRenderer.Layout layout, int panel, double x, double y,
            double z) {
        return brightness(image, layout, panel, x, y, z) > brightnessOf(image.getRGB(
                layout.panelLeft()[panel] + layout.panelSide() / 2, layout.panelTop() + 2)) + 30;
    }

    /** Whether the pixel at (column, row) is brighter than the panel's background. */
    private static boolean isLit(BufferedImage image, int column, int row) {
        return brightnessOf(image.getRGB(column, row)) > brightnessOf(LabelRenderer.BACKGROUND.getRGB()) + 60;
    }

    /** The brightest pixel in the 3×3 neighbourhood of the projection of (x, y, z), as the sum of R, G and B. */
    private static int brightness(BufferedImage image, LabelRenderer.Layout layout, int panel, double x, double y,
            double z) {
        double[] point = {x, y, z};
        int[][] axes = {{0, 1}, {0, 2}, {1, 2}};
        int column = layout.column(panel, point[axes[panel][0]]);
        int row = layout.row(panel, point[axes[panel][1]]);
        int brightest = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                brightest = Math.max(brightest, brightnessOf(image.getRGB(column + dx, row + dy)));
            }
        }
        return brightest;
    }

    private static int brightnessOf(int rgb) {
        return (rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff);
    }
}
