package org.pocaduck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An axis-aligned box over some point columns, for spatial queries ({@link Query#getPoints(long, Box)},
 * {@link Query#getLabels(Box)}). Immutable.
 *
 * <p>A point is inside when, for every dimension d of the box, {@code min(d) <= value < max(d)}: the minimum is
 * inclusive and the maximum exclusive, for integer and floating-point columns alike, so that boxes tiling a volume
 * share no point. Integer columns are compared exactly (an int64 value is never rounded to a double); NaN is inside
 * no box. A bound may be infinite (no limit on that side); {@code min == max} is a valid, empty box.
 *
 * <p>The box's dimensions apply to the first point columns of the dataset ({@code x, y, z} for a 3-column box), or to
 * the columns it names.
 *
 * <pre>{@code
 * Box roi = Box.of(1000, 2000, 3000, 1256, 2256, 3256);  // x, y, z in [min, max)
 * PointCloud inside = query.getPoints(label, roi);
 * }</pre>
 */
public final class Box {
    private final List<String> columns;
    private final double[] min;
    private final double[] max;

    private Box(List<String> columns, double[] min, double[] max) {
        this.columns = columns;
        this.min = min;
        this.max = max;
    }

    /** The box {@code [x0, x1) × [y0, y1) × [z0, z1)} over the first three point columns. */
    public static Box of(double x0, double y0, double z0, double x1, double y1, double z1) {
        return of(new double[] {x0, y0, z0}, new double[] {x1, y1, z1});
    }

    /** A box over the first {@code min.length} point columns. */
    public static Box of(double[] min, double[] max) {
        return create(List.of(), min, max);
    }

    /** A box over the named point columns, one bound pair per name. */
    public static Box of(List<String> columns, double[] min, double[] max) {
        Objects.requireNonNull(columns, "columns");
        List<String> names = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("box column '" + name + "' is named twice in " + names);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a box over named columns needs at least one name");
        }
        if (names.size() != Objects.requireNonNull(min, "min").length) {
            throw new IllegalArgumentException("a box over columns " + names + " needs " + names.size()
                    + " bounds on each side, got " + min.length);
        }
        return create(names, min, max);
    }

    private static Box create(List<String> columns, double[] min, double[] max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.length == 0) {
            throw new IllegalArgumentException("a box needs at least one dimension");
        }
        if (min.length != max.length) {
            throw new IllegalArgumentException("a box needs as many maxima as minima: got " + min.length
                    + " minima and " + max.length + " maxima");
        }
        for (int d = 0; d < min.length; d++) {
            if (Double.isNaN(min[d]) || Double.isNaN(max[d])) {
                throw new IllegalArgumentException("bound of box dimension " + d + " is NaN: [" + min[d] + ", "
                        + max[d] + "); bounds must be numbers (infinite for no limit)");
            }
            if (min[d] > max[d]) {
                throw new IllegalArgumentException("box dimension " + d + " has min " + min[d] + " above max "
                        + max[d] + "; expected min <= max");
            }
        }
        return new Box(columns, min.clone(), max.clone());
    }

    /** Number of dimensions. */
    public int dimensions() {
        return min.length;
    }

    /** The names of the columns the box constrains; empty when it constrains the first {@link #dimensions()}. */
    public List<String> columns() {
        return columns;
    }

    /** The inclusive lower bound of dimension {@code d}. */
    public double min(int d) {
        return min[d];
    }

    /** The exclusive upper bound of dimension {@code d}. */
    public double max(int d) {
        return max[d];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Box box && columns.equals(box.columns) && Arrays.equals(min, box.min)
                && Arrays.equals(max, box.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, Arrays.hashCode(min), Arrays.hashCode(max));
    }

    /** For example {@code Box[x in [0.0, 64.0), y in [0.0, 64.0)]}. */
    @Override
    public String toString() {
        List<String> sides = new ArrayList<>();
        for (int d = 0; d < min.length; d++) {
            String name = columns.isEmpty() ? "column " + d : columns.get(d);
            sides.add(name + " in [" + min[d] + ", " + max[d] + ")");
        }
        return "Box[" + String.join(", ", sides) + "]";
    }
}
