package org.pocaduck.internal.parquet;

/** Parquet's physical types, in the order of their Thrift ids. */
enum PhysicalType {
    BOOLEAN,
    INT32,
    INT64,
    INT96,
    FLOAT,
    DOUBLE,
    BYTE_ARRAY,
    FIXED_LEN_BYTE_ARRAY;

    private static final PhysicalType[] BY_ID = values();

    static PhysicalType fromId(int id, String context) throws ParquetFormatException {
        if (id < 0 || id >= BY_ID.length) {
            throw new ParquetFormatException("unknown physical type " + id + " in " + context);
        }
        return BY_ID[id];
    }

    /** How {@code readRows} decodes this type, or null if it does not. */
    ValueType valueType() {
        return switch (this) {
            case INT32 -> ValueType.INT32;
            case INT64 -> ValueType.INT64;
            case FLOAT -> ValueType.FLOAT;
            case DOUBLE -> ValueType.DOUBLE;
            default -> null;
        };
    }
}
