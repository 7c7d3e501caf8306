package org.pocaduck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The named, typed columns of every point in a dataset, e.g. {@code x:int64, y:int64, z:int64, supervoxel:int64}.
 * A dataset's schema is fixed when it is created: declared through {@link IngestorOptions#withSchema}, or inferred
 * from the first write (x, y, z, then {@code attr_3}, {@code attr_4}, ... for further columns).
 * Immutable.
 */
public final class PointSchema {
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Names reserved for the label and block columns of the Parquet payload. */
    private static final Set<String> RESERVED = Set.of("label", "block_id");
    private static final String[] DEFAULT_NAMES = {"x", "y", "z"};

    private final List<String> names;
    private final List<ColumnType> types;

    private PointSchema(List<String> names, List<ColumnType> types) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
    }

    /** A schema whose columns all have one type, e.g. {@code PointSchema.of(ColumnType.INT64, "x", "y", "z")}. */
    public static PointSchema of(ColumnType type, String... names) {
        Objects.requireNonNull(type, "type");
        Builder builder = builder();
        for (String name : Objects.requireNonNull(names, "names")) {
            builder.column(name, type);
        }
        return builder.build();
    }

    /**
     * The default schema for {@code dimensions} columns of one type: x, y, z and then {@code attr_3}, {@code attr_4}, ...
     * (fewer than three dimensions keep the leading names: x, or x and y).
     */
    public static PointSchema defaultFor(int dimensions, ColumnType type) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("a point needs at least 1 column, got " + dimensions);
        }
        Builder builder = builder();
        for (int d = 0; d < dimensions; d++) {
            builder.column(d < DEFAULT_NAMES.length ? DEFAULT_NAMES[d] : "attr_" + d, type);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int dimensions() {
        return names.size();
    }

    public String name(int dimension) {
        return names.get(dimension);
    }

    public ColumnType type(int dimension) {
        return types.get(dimension);
    }

    public List<String> names() {
        return names;
    }

    public List<ColumnType> types() {
        return types;
    }

    /** The column's position, or -1 when the schema has no column of that name. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** Whether every column is an integer type (then {@link PointCloud#toLongArray()} is exact). */
    public boolean isAllInteger() {
        return types.stream().allMatch(ColumnType::isInteger);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PointSchema schema && names.equals(schema.names) && types.equals(schema.types);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + types.hashCode();
    }

    /** For example {@code x:int64, y:int64, z:int64}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < names.size(); d++) {
            text.append(d == 0 ? "" : ", ").append(names.get(d)).append(':').append(types.get(d).label());
        }
        return text.toString();
    }

    /** Builds a schema column by column. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<ColumnType> types = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        private Builder() {
        }

        /** Adds a column; names are SQL-safe identifiers, unique, and not {@code label} or {@code block_id}. */
        public Builder column(String name, ColumnType type) {
            Objects.requireNonNull(type, "type of column " + name);
            if (name == null || !COLUMN_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("column name '" + name
                        + "' is not valid; expected a letter or '_' followed by up to 63 letters, digits or '_'");
            }
            if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("column name '" + name + "' is reserved for the label and block columns");
            }
            if (!seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("column name '" + name + "' appears twice");
            }
            names.add(name);
            types.add(type);
            return this;
        }

        public PointSchema build() {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a point schema needs at least one column");
            }
            return new PointSchema(names, types);
        }
    }
}
