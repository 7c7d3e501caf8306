package org.pocaduck.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a uint64 label given in decimal (the full range up to 18446744073709551615) or as 0x-hex. */
final class LabelConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(
                    "'" + text + "' is not a uint64 label (decimal, or hexadecimal with a 0x prefix)");
        }
    }
}
