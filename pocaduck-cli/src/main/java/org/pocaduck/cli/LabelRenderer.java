package org.pocaduck.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.pocaduck.Box;
import org.pocaduck.PointCloud;

/**
 * Draws one label as three orthogonal projections side by side — XY, XZ and YZ of the first three columns — so a
 * person sees its shape at a glance. All panels share one scale, so lengths compare across them. Each point is a small
 * dot shaded by depth along the axis projected away: nearer (smaller coordinate) is brighter, and a nearer point
 * hides a farther one on the same pixel.
 *
 * <p>The picture is {@code size} pixels wide and {@code size / 2} high. Points are read straight from the column
 * buffers in plain loops, so a million points take a few tens of milliseconds.
 *
 * <p>The axes span the points' extent, or, given a frame (a box over the first columns), the frame's finite sides:
 * pictures of one region then share their axes whatever part of it a label fills.
 */
final class LabelRenderer {

    static {
        // Rendering into an image needs no display; without this, AWT may look for one and fail on a server.
        System.setProperty("java.awt.headless", "true");
    }

    static final int MIN_SIZE = 300;

    static final Color BACKGROUND = new Color(0x12, 0x16, 0x1c);
    private static final Color PANEL = new Color(0x1b, 0x21, 0x2a);
    private static final Color TEXT = new Color(0xd8, 0xdc, 0xe2);
    private static final Color FRAME = new Color(0x4a, 0x52, 0x5e);
    /** Colour of the nearest points; farther ones fade towards the panel colour. */
    private static final Color NEAR = new Color(0x9f, 0xf0, 0xff);
    private static final float FARTHEST_BRIGHTNESS = 0.3f;

    /** The projections: horizontal, vertical and projected-away column of each panel. */
    private static final int[][] AXES = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}};

    private final int width;
    private final int height;
    private final int fontSize;
    private final int margin;
    private final int top;
    private final int panelSide;
    private final int dot;
    /**
     * Fixes the range of the axes where its sides are finite (the points drawn must lie inside it); null: the points'
     * extent on every axis.
     */
    private final Box frame;

    LabelRenderer(int size) {
        this(size, null);
    }

    LabelRenderer(int size, Box frame) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("picture size " + size + " is too small; expected at least " + MIN_SIZE);
        }
        width = size;
        height = size / 2;
        fontSize = Math.max(10, size / 90);
        // The gap left of each panel holds its vertical range and axis name, which do not shrink below a legible size.
        margin = Math.max(size / 24, 5 * fontSize);
        top = size / 12;
        // Below the panels: ranges, axis names, the scale bar and the caption, a line each.
        panelSide = Math.min((width - 4 * margin) / 3, height - top - 7 * fontSize);
        dot = Math.max(2, panelSide / 200);
        this.frame = frame;
    }

    /**
     * The placement of a cloud's projections: one scale for all three panels, each projection centred in its panel.
     * A point's pixel is the bottom-left corner of its dot, so the span that positions can take is the panel's side
     * less the dot's.
     */
    record Layout(double[] min, double[] max, double pixelsPerUnit, int[] panelLeft, int panelTop, int panelSide,
            int dot) {

        /** The pixel column of {@code value} of the column that {@code panel} shows horizontally. */
        int column(int panel, double value) {
            int axis = AXES[panel][0];
            return panelLeft[panel] + offset(axis) + (int) ((value - min[axis]) * pixelsPerUnit);
        }

        /** The pixel row of {@code value} of the column that {@code panel} shows vertically, increasing upwards. */
        int row(int panel, double value) {
            int axis = AXES[panel][1];
            return panelTop + panelSide - 1 - offset(axis) - (int) ((value - min[axis]) * pixelsPerUnit);
        }

        private int offset(int axis) {
            return (int) Math.max(0, (panelSide - dot - extent(axis) * pixelsPerUnit) / 2);
        }

        double extent(int axis) {
            return Math.max(1, max[axis] - min[axis]);
        }
    }

    /** Where points with columns {@code xyz[0..2]} land in the picture. */
    Layout layout(double[][] xyz) {
        double[] min = new double[3];
        double[] max = new double[3];
        double largestExtent = 1;
        for (int axis = 0; axis < 3; axis++) {
            min[axis] = Double.POSITIVE_INFINITY;
            max[axis] = Double.NEGATIVE_INFINITY;
            for (double value : xyz[axis]) {
                min[axis] = Math.min(min[axis], value);
                max[axis] = Math.max(max[axis], value);
            }
            if (frame != null && axis < frame.dimensions()) {
                min[axis] = Double.isInfinite(frame.min(axis)) ? min[axis] : frame.min(axis);
                max[axis] = Double.isInfinite(frame.max(axis)) ? max[axis] : frame.max(axis);
            }
            largestExtent = Math.max(largestExtent, max[axis] - min[axis]);
        }
        double pixelsPerUnit = (panelSide - dot) / largestExtent;
        int[] panelLeft = new int[3];
        for (int panel = 0; panel < 3; panel++) {
            panelLeft[panel] = margin + panel * (panelSide + margin) + (width - 4 * margin - 3 * panelSide) / 2;
        }
        return new Layout(min, max, pixelsPerUnit, panelLeft, top, panelSide, dot);
    }

    BufferedImage render(long label, PointCloud cloud) {
        if (cloud.dimensions() < 3) {
            throw new IllegalArgumentException("label " + Long.toUnsignedString(label) + " has " + cloud.dimensions()
                    + " columns; a picture needs three (x, y, z)");
        }
        if (cloud.isEmpty()) {
            throw new IllegalArgumentException("label " + Long.toUnsignedString(label) + " has no points"
                    + (frame != null ? " inside " + frame : ""));
        }
        double[][] xyz = {column(cloud, 0), column(cloud, 1), column(cloud, 2)};
        Layout layout = layout(xyz);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            for (int panel = 0; panel < 3; panel++) {
                g.setColor(PANEL);
                g.fillRect(layout.panelLeft()[panel], top, panelSide, panelSide);
            }
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            for (int panel = 0; panel < 3; panel++) {
                drawPoints(pixels, layout, panel, xyz);
            }
            List<String> names = cloud.columnNames();
            boolean integer = cloud.columnType(0).isInteger() && cloud.columnType(1).isInteger()
                    && cloud.columnType(2).isInteger();
            drawAnnotations(g, layout, names, integer ? "voxels" : "units");
            drawCaption(g, label, cloud.size());
        } finally {
            g.dispose();
        }
        return image;
    }

    void write(long label, PointCloud cloud, Path file) throws IOException {
        ImageIO.write(render(label, cloud), "png", file.toFile());
    }

    private static double[] column(PointCloud cloud, int dimension) {
        double[] values = new double[cloud.size()];
        switch (cloud.columnType(dimension)) {
            case INT64 -> {
                var buffer = cloud.longColumn(dimension);
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.get(i);
                }
            }
            case INT32 -> {
                var buffer = cloud.intColumn(dimension);
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.get(i);
                }
            }
            case FLOAT32 -> {
                var buffer = cloud.floatColumn(dimension);
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.get(i);
                }
            }
            case FLOAT64 -> cloud.doubleColumn(dimension).get(0, values);
        }
        return values;
    }

    /** Keeps, per pixel, the brightness of the nearest point, then paints the panel from that depth buffer. */
    private void drawPoints(int[] pixels, Layout layout, int panel, double[][] xyz) {
        double[] h = xyz[AXES[panel][0]];
        double[] v = xyz[AXES[panel][1]];
        double[] depth = xyz[AXES[panel][2]];
        int depthAxis = AXES[panel][2];
        double depthMin = layout.min()[depthAxis];
        double depthExtent = layout.extent(depthAxis);
        int left = layout.panelLeft()[panel];
        float[] brightness = new float[panelSide * panelSide];
        for (int i = 0; i < h.length; i++) {
            int px = layout.column(panel, h[i]) - left;
            int py = layout.row(panel, v[i]) - top - (dot - 1);
            float b = (float) (1 - (1 - FARTHEST_BRIGHTNESS) * (depth[i] - depthMin) / depthExtent);
            for (int dy = 0; dy < dot; dy++) {
                int rowStart = (py + dy) * panelSide;
                for (int dx = 0; dx < dot; dx++) {
                    int at = rowStart + px + dx;
                    if (b > brightness[at]) {
                        brightness[at] = b;
                    }
                }
            }
        }
        for (int y = 0; y < panelSide; y++) {
            for (int x = 0; x < panelSide; x++) {
                float b = brightness[y * panelSide + x];
                if (b > 0) {
                    pixels[(top + y) * width + left + x] = blend(PANEL, NEAR, b);
                }
            }
        }
    }

    private static int blend(Color from, Color to, float t) {
        int r = Math.round(from.getRed() + (to.getRed() - from.getRed()) * t);
        int g = Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * t);
        int b = Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * t);
        return r << 16 | g << 8 | b;
    }

    private void drawAnnotations(Graphics2D g, Layout layout, List<String> names, String unit) {
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
        Font bold = small.deriveFont(Font.BOLD, small.getSize() * 1.2f);
        for (int panel = 0; panel < 3; panel++) {
            int left = layout.panelLeft()[panel];
            int bottom = top + panelSide;
            String horizontal = names.get(AXES[panel][0]);
            String vertical = names.get(AXES[panel][1]);
            String away = names.get(AXES[panel][2]);
            g.setColor(FRAME);
            g.drawRect(left - 1, top - 1, panelSide + 1, panelSide + 1);
            g.setColor(TEXT);
            g.setFont(bold);
            g.drawString(horizontal.toUpperCase() + vertical.toUpperCase() + "  (depth " + away + ")",
                    left, top - g.getFontMetrics().getDescent() - 4);
            g.setFont(small);
            FontMetrics metrics = g.getFontMetrics();
            // Ranges sit at the ends of the data, axis names beyond them, so that neither hides the other.
            int below = bottom + metrics.getAscent() + 2;
            String hMin = format(layout.min()[AXES[panel][0]]);
            String hMax = format(layout.max()[AXES[panel][0]]);
            int hMinLeft = layout.column(panel, layout.min()[AXES[panel][0]]);
            int hMaxLeft = layout.column(panel, layout.max()[AXES[panel][0]]) - metrics.stringWidth(hMax) + dot;
            g.drawString(hMin, hMinLeft, below);
            g.drawString(hMax, Math.max(hMaxLeft, hMinLeft + metrics.stringWidth(hMin + "  ")), below);
            g.drawString(horizontal + " →", left + (panelSide - metrics.stringWidth(horizontal + " →")) / 2,
                    below + metrics.getHeight());
            String vMin = format(layout.min()[AXES[panel][1]]);
            String vMax = format(layout.max()[AXES[panel][1]]);
            int numbersRight = left - 3;
            int vMinBaseline = layout.row(panel, layout.min()[AXES[panel][1]]);
            int vMaxBaseline = layout.row(panel, layout.max()[AXES[panel][1]]) + metrics.getAscent() - dot;
            g.drawString(vMin, numbersRight - metrics.stringWidth(vMin), vMinBaseline);
            g.drawString(vMax, numbersRight - metrics.stringWidth(vMax),
                    Math.min(vMaxBaseline, vMinBaseline - metrics.getAscent() - 2));
            int nameBaseline = numbersRight - Math.max(metrics.stringWidth(vMin), metrics.stringWidth(vMax)) - 4;
            String verticalName = vertical + " →";
            drawUpwards(g, verticalName, nameBaseline, top + (panelSide + metrics.stringWidth(verticalName)) / 2);
        }
        drawScaleBar(g, layout, small, unit);
    }

    /** Draws text rotated to read bottom to top, starting at (baseline x, y). */
    private static void drawUpwards(Graphics2D g, String text, int baselineX, int y) {
        AffineTransform saved = g.getTransform();
        g.translate(baselineX, y);
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0, 0);
        g.setTransform(saved);
    }

    /** A bar of a round length (1, 2 or 5 × 10^k) about a fifth of a panel long, under the first panel. */
    private void drawScaleBar(Graphics2D g, Layout layout, Font font, String unit) {
        double units = panelSide / 5.0 / layout.pixelsPerUnit();
        double power = Math.pow(10, Math.floor(Math.log10(units)));
        double length = units / power >= 5 ? 5 * power : units / power >= 2 ? 2 * power : power;
        int pixels = (int) Math.round(length * layout.pixelsPerUnit());
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int y = top + panelSide + 3 * metrics.getHeight() + 2;
        int x = layout.panelLeft()[0];
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(Math.max(2, dot)));
        g.drawLine(x, y, x + pixels, y);
        g.drawLine(x, y - 4, x, y + 4);
        g.drawLine(x + pixels, y - 4, x + pixels, y + 4);
        g.drawString(format(length) + " " + unit, x + pixels + 8, y + metrics.getAscent() / 2);
    }

    private void drawCaption(Graphics2D g, long label, int points) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, width / 64)));
        g.setColor(TEXT);
        String caption = "label " + Long.toUnsignedString(label) + "  —  " + String.format("%,d", points) + " points"
                + "  —  brighter = smaller depth";
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(caption, (width - metrics.stringWidth(caption)) / 2, height - margin / 2 - metrics.getDescent());
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new DecimalFormat("0.###E0").format(value);
    }
}
