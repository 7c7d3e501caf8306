package org.pocaduck.internal.parquet;

import static org.pocaduck.internal.parquet.ThriftCompactReader.STOP;
import static org.pocaduck.internal.parquet.ThriftCompactReader.STRUCT;

/**
 * A page header (Thrift {@code PageHeader} with whichever of its data, dictionary or v2 data headers is set),
 * flattened to the fields the reader uses.
 *
 * @param numValues               values in the page, nulls included; for a dictionary page, its entries
 * @param numRows                 rows in the page: stated by v2 headers, equal to numValues for flat v1 pages
 * @param encoding                encoding of the values
 * @param definitionLevelEncoding v1 only: encoding of the definition levels
 * @param definitionLevelsLength  v2 only: bytes of uncompressed definition levels before the values
 * @param repetitionLevelsLength  v2 only: bytes of uncompressed repetition levels before the definition levels
 * @param valuesCompressed        v2 only: whether the values section is compressed with the chunk's codec
 */
record PageHeader(int type, int uncompressedSize, int compressedSize, int numValues, int numRows, int encoding,
                  int definitionLevelEncoding, int definitionLevelsLength, int repetitionLevelsLength,
                  boolean valuesCompressed) {
    static final int DATA_PAGE = 0;
    static final int DICTIONARY_PAGE = 2;
    static final int DATA_PAGE_V2 = 3;

    /** Reads a header; the reader is left at the first byte of the page's data. */
    static PageHeader read(ThriftCompactReader r) throws ParquetFormatException {
        Fields f = new Fields();
        r.beginStruct();
        for (int t; (t = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> f.type = r.readI32(t);
                case 2 -> f.uncompressedSize = r.readI32(t);
                case 3 -> f.compressedSize = r.readI32(t);
                case 5 -> readDataHeader(r, t, f);
                case 7 -> readDictionaryHeader(r, t, f);
                case 8 -> readV2Header(r, t, f);
                default -> r.skip(t);
            }
        }
        r.endStruct();
        return f.build();
    }

    /** DataPageHeader: 1 num_values, 2 encoding, 3 definition_level_encoding. */
    private static void readDataHeader(ThriftCompactReader r, int type, Fields f) throws ParquetFormatException {
        beginSpecificHeader(r, type, f);
        for (int t; (t = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> f.numValues = f.numRows = r.readI32(t);
                case 2 -> f.encoding = r.readI32(t);
                case 3 -> f.definitionLevelEncoding = r.readI32(t);
                default -> r.skip(t);
            }
        }
        r.endStruct();
    }

    /** DictionaryPageHeader: 1 num_values, 2 encoding (3 is_sorted is of no use here). */
    private static void readDictionaryHeader(ThriftCompactReader r, int type, Fields f)
            throws ParquetFormatException {
        beginSpecificHeader(r, type, f);
        for (int t; (t = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> f.numValues = f.numRows = r.readI32(t);
                case 2 -> f.encoding = r.readI32(t);
                default -> r.skip(t);
            }
        }
        r.endStruct();
    }

    /**
     * DataPageHeaderV2: 1 num_values, 3 num_rows, 4 encoding, 5 definition_levels_byte_length,
     * 6 repetition_levels_byte_length, 7 is_compressed (true when absent).
     */
    private static void readV2Header(ThriftCompactReader r, int type, Fields f) throws ParquetFormatException {
        beginSpecificHeader(r, type, f);
        for (int t; (t = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> f.numValues = r.readI32(t);
                case 3 -> f.numRows = r.readI32(t);
                case 4 -> f.encoding = r.readI32(t);
                case 5 -> f.definitionLevelsLength = r.readI32(t);
                case 6 -> f.repetitionLevelsLength = r.readI32(t);
                case 7 -> f.valuesCompressed = r.readBoolean(t);
                default -> r.skip(t);
            }
        }
        r.endStruct();
    }

    private static void beginSpecificHeader(ThriftCompactReader r, int type, Fields f)
            throws ParquetFormatException {
        if (type != STRUCT) {
            throw new ParquetFormatException("page header field " + r.fieldId() + " is not a struct");
        }
        f.hasSpecificHeader = true;
        r.beginStruct();
    }

    /** The header's fields while it is being read; -1 marks one not (yet) seen. */
    private static final class Fields {
        int type = -1;
        int uncompressedSize = -1;
        int compressedSize = -1;
        boolean hasSpecificHeader;
        int numValues = -1;
        int numRows = -1;
        int encoding = -1;
        int definitionLevelEncoding = -1;
        int definitionLevelsLength;
        int repetitionLevelsLength;
        boolean valuesCompressed = true;

        PageHeader build() throws ParquetFormatException {
            if (type < 0 || uncompressedSize < 0 || compressedSize < 0) {
                throw new ParquetFormatException("page header without type or sizes");
            }
            if (type == DATA_PAGE || type == DATA_PAGE_V2 || type == DICTIONARY_PAGE) {
                if (!hasSpecificHeader || numValues < 0 || numRows < 0 || definitionLevelsLength < 0
                        || repetitionLevelsLength < 0 || (long) definitionLevelsLength + repetitionLevelsLength
                        > Math.min(compressedSize, uncompressedSize)) {
                    throw new ParquetFormatException("page header of type " + type
                            + " lacks its specific header or has impossible counts or level lengths");
                }
            }
            return new PageHeader(type, uncompressedSize, compressedSize, numValues, numRows, encoding,
                    definitionLevelEncoding, definitionLevelsLength, repetitionLevelsLength, valuesCompressed);
        }
    }
}
