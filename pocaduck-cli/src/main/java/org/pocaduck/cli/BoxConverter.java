package org.pocaduck.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;
import org.pocaduck.Box;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a box over the first D point columns given as 2·D comma-separated bounds, all minima then all maxima:
 * {@code x0,y0,z0,x1,y1,z1} is {@code [x0, x1) × [y0, y1) × [z0, z1)}. {@code inf} and {@code -inf} leave a side open.
 */
final class BoxConverter implements ITypeConverter<Box> {

    /** The option's value as usage help shows it. */
    static final String PARAM_LABEL = "X0,Y0,Z0,X1,Y1,Z1";

    /** How usage help explains the option's value, after what the option does. */
    static final String FORMAT = " Minima inclusive, maxima exclusive: x0 <= x < x1, ...; 2·D numbers for a box over"
            + " the first D columns; inf or -inf for an open side.";

    static final String EXPECTED = "expected 2·D comma-separated numbers, the D minima (inclusive) then the D maxima"
            + " (exclusive), e.g. 0,0,0,64,64,64 for x, y, z; inf or -inf for an open side";

    /** A decimal number; Double.parseDouble alone would also take hex floats, "1d" and "Infinity". */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @Override
    public Box convert(String text) {
        String[] fields = text.split(",", -1);
        if (fields.length % 2 != 0) {
            throw invalid(text, "got " + fields.length + " numbers, an odd count; " + EXPECTED);
        }
        int dimensions = fields.length / 2;
        double[] min = new double[dimensions];
        double[] max = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            min[d] = bound(text, fields[d]);
            max[d] = bound(text, fields[dimensions + d]);
        }
        try {
            return Box.of(min, max);
        } catch (IllegalArgumentException e) {
            throw invalid(text, e.getMessage());
        }
    }

    private static double bound(String text, String field) {
        String value = field.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;      // Box.of names the dimension and says why NaN is no bound
            }
            default -> {
                // handled below
            }
        }
        if (!NUMBER.matcher(value).matches()) {
            throw invalid(text, "'" + field + "' is not a number; " + EXPECTED);
        }
        // A bound is a double: an integer beyond 2^53 would silently move to a neighbour and take in or leave out a
        // point nobody asked about, so it is refused rather than rounded.
        BigDecimal exact = new BigDecimal(value);
        double bound = Double.parseDouble(value);
        boolean integral = exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0;
        if (integral && (Double.isInfinite(bound) || new BigDecimal(bound).compareTo(exact) != 0)) {
            throw invalid(text, "'" + field + "' is not exactly representable as a bound (a double: integers up to"
                    + " 2^53 are exact)");
        }
        return bound;
    }

    private static TypeConversionException invalid(String text, String why) {
        return new TypeConversionException("'" + text + "' is not a box: " + why);
    }
}
