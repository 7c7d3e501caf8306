package org.pocaduck.cli;

import java.util.Locale;
import org.pocaduck.ColumnType;

/**
 * The SQL that turns an input column into a label or into a column of the dataset's schema, inside DuckDB, so that
 * values reach Java already typed. A value that does not fit exactly becomes NULL, never a wrapped or rounded
 * number: the reader then reports it with its row and its original text. Column references here are generated or
 * validated identifiers, never user text.
 */
final class ValueConversion {

    /** How the input stores a column, judged from its DuckDB type. */
    enum Source {
        UNSIGNED, SIGNED, FLOATING, TEXT;

        static Source of(String duckDbType) {
            String type = duckDbType.toUpperCase(Locale.ROOT);
            if (type.matches("U(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)")) {
                return UNSIGNED;
            }
            if (type.matches("TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT")) {
                return SIGNED;
            }
            if (type.equals("FLOAT") || type.equals("DOUBLE") || type.startsWith("DECIMAL")) {
                return FLOATING;
            }
            return TEXT;
        }

        boolean numeric() {
            return this != TEXT;
        }
    }

    /** An integer written as digits, optionally with a zero fraction ("7", "-7", "7.0"): what text may convert. */
    private static final String INTEGER_TEXT = "'^\\s*[+-]?[0-9]+(\\.0*)?\\s*$'";

    private ValueConversion() {
    }

    /** A uint64 label as UBIGINT, NULL unless {@code column} holds a non-negative integer below 2^64. */
    static String label(String column, Source source) {
        return switch (source) {
            case UNSIGNED -> "TRY_CAST(" + column + " AS UBIGINT)";
            case SIGNED -> "CASE WHEN " + column + " >= 0 THEN TRY_CAST(" + column + " AS UBIGINT) END";
            case FLOATING -> "CASE WHEN " + column + " >= 0 AND " + column + " = trunc(" + column + ") THEN TRY_CAST("
                    + column + " AS UBIGINT) END";
            case TEXT -> "CASE WHEN regexp_full_match(" + column + ", " + INTEGER_TEXT + ") THEN TRY_CAST(" + column
                    + " AS UBIGINT) END";
        };
    }

    /** A block id: its text, whatever the column's type. */
    static String blockId(String column) {
        return "CAST(" + column + " AS VARCHAR)";
    }

    /** A point value as {@code target}'s SQL type, NULL unless the column's value converts exactly. */
    static String point(String column, Source source, ColumnType target) {
        String sqlType = sqlType(target);
        boolean integerTarget = target == ColumnType.INT32 || target == ColumnType.INT64;
        if (integerTarget) {
            return switch (source) {
                case UNSIGNED, SIGNED -> "TRY_CAST(" + column + " AS " + sqlType + ")";
                case FLOATING -> "CASE WHEN " + column + " = trunc(" + column + ") THEN TRY_CAST(" + column + " AS "
                        + sqlType + ") END";
                case TEXT -> "CASE WHEN regexp_full_match(" + column + ", " + INTEGER_TEXT + ") THEN TRY_CAST("
                        + column + " AS " + sqlType + ") END";
            };
        }
        String value = switch (source) {
            case UNSIGNED, SIGNED -> column;
            case FLOATING -> "CAST(" + column + " AS DOUBLE)";
            case TEXT -> "TRY_CAST(" + column + " AS DOUBLE)";
        };
        if (source == Source.FLOATING && target == ColumnType.FLOAT64) {
            return value;
        }
        // Exact only if converting back gives the value again: no integer beyond 2^53 rounded into a double.
        String comparable = source.numeric() && source != Source.FLOATING ? "HUGEINT" : "DOUBLE";
        return "CASE WHEN TRY_CAST(CAST(" + value + " AS " + sqlType + ") AS " + comparable + ") = " + value
                + " THEN CAST(" + value + " AS " + sqlType + ") END";
    }

    private static String sqlType(ColumnType type) {
        return switch (type) {
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
        };
    }
}
