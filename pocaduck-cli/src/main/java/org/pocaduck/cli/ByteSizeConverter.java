package org.pocaduck.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a size in bytes, plain or with a binary suffix: 4096, 512K, 256M, 2G (also KiB/MiB/GiB, KB/MB/GB). */
final class ByteSizeConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        String size = text.trim().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        int shift = switch (size.isEmpty() ? ' ' : size.charAt(size.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String number = shift == 0 ? size : size.substring(0, size.length() - 1);
        try {
            long value = Long.parseLong(number.trim());
            if (value >= 0 && value <= Long.MAX_VALUE >> shift) {
                return value << shift;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("'" + text + "' is not a size; expected bytes such as 4096, 512K, 256M"
                + " or 2G");
    }
}
