package org.pocaduck;

import java.util.Locale;

/** The storage type of one point column. Fixed per dataset by its {@link PointSchema}. */
public enum ColumnType {
    INT32(4, true),
    INT64(8, true),
    FLOAT32(4, false),
    FLOAT64(8, false);

    private final int byteWidth;
    private final boolean integer;

    ColumnType(int byteWidth, boolean integer) {
        this.byteWidth = byteWidth;
        this.integer = integer;
    }

    /** Whether values are whole numbers; floating-point input is accepted only when it is integral. */
    public boolean isInteger() {
        return integer;
    }

    /** Bytes one value takes in memory. */
    public int byteWidth() {
        return byteWidth;
    }

    /** The lower-case name used in the manifest and in messages, e.g. {@code int64}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #label()} (case-insensitive). */
    public static ColumnType parse(String text) {
        for (ColumnType type : values()) {
            if (type.label().equalsIgnoreCase(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + text + "'; expected one of int32, int64, float32, float64");
    }
}
