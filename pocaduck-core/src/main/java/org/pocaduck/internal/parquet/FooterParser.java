package org.pocaduck.internal.parquet;

import static org.pocaduck.internal.parquet.ThriftCompactReader.BINARY;
import static org.pocaduck.internal.parquet.ThriftCompactReader.STOP;
import static org.pocaduck.internal.parquet.ThriftCompactReader.STRUCT;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a footer ({@code FileMetaData}, Thrift compact) into {@link FileMetadata} and checks it is consistent, so
 * that reading rows later can trust row counts and byte ranges. Field ids are those of parquet-format's
 * {@code parquet.thrift}; fields not listed here are skipped.
 */
final class FooterParser {
    private static final int OPTIONAL = 1;
    private static final int REPEATED = 2;
    /** Where column data can start: after the leading magic number. */
    private static final long FIRST_DATA_BYTE = 4;

    private final String fileName;
    private final long dataEnd;

    private FooterParser(String fileName, long dataEnd) {
        this.fileName = fileName;
        this.dataEnd = dataEnd;
    }

    /**
     * @param dataEnd file offset where the footer starts; every column chunk must end before it
     */
    static FileMetadata parse(byte[] footer, String fileName, long dataEnd) throws ParquetFormatException {
        return new FooterParser(fileName, dataEnd).parse(
                new ThriftCompactReader(footer, 0, footer.length, "footer of " + fileName));
    }

    private record SchemaElement(String name, int type, int repetition, int numChildren) {
    }

    private record RawRowGroup(long numRows, List<RawChunk> chunks) {
    }

    private record RawChunk(List<String> path, int type, ColumnChunkMeta meta) {
    }

    private FileMetadata parse(ThriftCompactReader r) throws ParquetFormatException {
        long numRows = -1;
        List<SchemaElement> schema = null;
        List<RawRowGroup> rawGroups = null;
        r.beginStruct();
        for (int type; (type = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 2 -> {
                    int n = r.readListHeader(type, STRUCT);
                    schema = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        schema.add(readSchemaElement(r));
                    }
                }
                case 3 -> numRows = r.readI64(type);
                case 4 -> {
                    int n = r.readListHeader(type, STRUCT);
                    rawGroups = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        rawGroups.add(readRowGroup(r));
                    }
                }
                default -> r.skip(type);
            }
        }
        r.endStruct();
        if (schema == null || rawGroups == null || numRows < 0) {
            throw corrupt("the footer lacks its schema, row groups or row count");
        }
        List<ColumnDescriptor> columns = leaves(schema);
        return new FileMetadata(numRows, columns, rowGroups(rawGroups, columns, numRows), null);
    }

    private static SchemaElement readSchemaElement(ThriftCompactReader r) throws ParquetFormatException {
        String name = null;
        int physicalType = -1;
        int repetition = -1;
        int numChildren = 0;
        r.beginStruct();
        for (int type; (type = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> physicalType = r.readI32(type);
                case 3 -> repetition = r.readI32(type);
                case 4 -> name = r.readString(type);
                case 5 -> numChildren = r.readI32(type);
                default -> r.skip(type);
            }
        }
        r.endStruct();
        return new SchemaElement(name, physicalType, repetition, numChildren);
    }

    private static RawRowGroup readRowGroup(ThriftCompactReader r) throws ParquetFormatException {
        List<RawChunk> chunks = null;
        long numRows = -1;
        r.beginStruct();
        for (int type; (type = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> {
                    int n = r.readListHeader(type, STRUCT);
                    chunks = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        chunks.add(readColumnChunk(r));
                    }
                }
                case 3 -> numRows = r.readI64(type);
                default -> r.skip(type);
            }
        }
        r.endStruct();
        return new RawRowGroup(numRows, chunks);
    }

    /** Reads a ColumnChunk; a null meta means the chunk's data is elsewhere (another file, or encrypted). */
    private static RawChunk readColumnChunk(ThriftCompactReader r) throws ParquetFormatException {
        RawChunk chunk = null;
        boolean elsewhere = false;
        r.beginStruct();
        for (int type; (type = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1, 8, 9 -> {
                    elsewhere = true; // file_path, crypto_metadata, encrypted_column_metadata
                    r.skip(type);
                }
                case 3 -> {
                    r.beginStruct();
                    chunk = readColumnMetaData(r);
                    r.endStruct();
                }
                default -> r.skip(type);
            }
        }
        r.endStruct();
        return elsewhere || chunk == null ? new RawChunk(chunk == null ? List.of() : chunk.path(), -1, null) : chunk;
    }

    private static RawChunk readColumnMetaData(ThriftCompactReader r) throws ParquetFormatException {
        int physicalType = -1;
        List<String> path = List.of();
        int codec = -1;
        long numValues = -1;
        long totalCompressedSize = -1;
        long dataPageOffset = -1;
        long dictionaryPageOffset = -1;
        for (int type; (type = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> physicalType = r.readI32(type);
                case 3 -> {
                    int n = r.readListHeader(type, BINARY);
                    List<String> names = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        names.add(r.readString(BINARY));
                    }
                    path = List.copyOf(names);
                }
                case 4 -> codec = r.readI32(type);
                case 5 -> numValues = r.readI64(type);
                case 7 -> totalCompressedSize = r.readI64(type);
                case 9 -> dataPageOffset = r.readI64(type);
                case 11 -> dictionaryPageOffset = r.readI64(type);
                default -> r.skip(type);
            }
        }
        return new RawChunk(path, physicalType, new ColumnChunkMeta(codec, numValues, totalCompressedSize,
                dataPageOffset, dictionaryPageOffset, ColumnChunkMeta.NO_CHECKSUM));
    }

    /** Flattens the depth-first schema list into its leaf columns. */
    private List<ColumnDescriptor> leaves(List<SchemaElement> schema) throws ParquetFormatException {
        if (schema.isEmpty()) {
            throw corrupt("the schema is empty");
        }
        List<ColumnDescriptor> leaves = new ArrayList<>();
        int next = 1;
        for (int child = 0; child < schema.get(0).numChildren(); child++) {
            next = addLeaves(schema, next, new ArrayList<>(), 0, 0, leaves);
        }
        if (next != schema.size()) {
            throw corrupt("the schema has " + schema.size() + " elements but its tree covers " + next);
        }
        return List.copyOf(leaves);
    }

    /** Adds the leaves under the element at {@code index}; returns the index after its subtree. */
    private int addLeaves(List<SchemaElement> schema, int index, List<String> parentPath, int parentDefinition,
                          int parentRepetition, List<ColumnDescriptor> leaves) throws ParquetFormatException {
        if (index >= schema.size()) {
            throw corrupt("the schema tree refers to more elements than the " + schema.size() + " it has");
        }
        SchemaElement element = schema.get(index);
        if (element.name() == null) {
            throw corrupt("schema element " + index + " has no name");
        }
        List<String> path = new ArrayList<>(parentPath);
        path.add(element.name());
        int definition = parentDefinition
                + (element.repetition() == OPTIONAL || element.repetition() == REPEATED ? 1 : 0);
        int repetition = parentRepetition + (element.repetition() == REPEATED ? 1 : 0);
        int next = index + 1;
        if (element.numChildren() > 0) {
            for (int child = 0; child < element.numChildren(); child++) {
                next = addLeaves(schema, next, path, definition, repetition, leaves);
            }
        } else if (element.type() >= 0) {
            PhysicalType type = PhysicalType.fromId(element.type(), "schema of " + fileName);
            leaves.add(new ColumnDescriptor(leaves.size(), List.copyOf(path), type, definition, repetition));
        }
        return next;
    }

    private List<RowGroupMeta> rowGroups(List<RawRowGroup> rawGroups, List<ColumnDescriptor> columns, long numRows)
            throws ParquetFormatException {
        List<RowGroupMeta> groups = new ArrayList<>(rawGroups.size());
        long firstRow = 0;
        for (int g = 0; g < rawGroups.size(); g++) {
            RawRowGroup raw = rawGroups.get(g);
            if (raw.numRows() < 0 || raw.numRows() > Integer.MAX_VALUE || raw.chunks() == null) {
                throw corrupt("row group " + g + " has " + raw.numRows() + " rows or no column list");
            }
            if (raw.chunks().size() != columns.size()) {
                throw corrupt("row group " + g + " has " + raw.chunks().size() + " column chunks but the schema has "
                        + columns.size() + " leaf columns");
            }
            List<ColumnChunkMeta> chunks = new ArrayList<>(columns.size());
            for (ColumnDescriptor column : columns) {
                chunks.add(checkedChunk(raw.chunks().get(column.index()), column, g, raw.numRows()));
            }
            groups.add(new RowGroupMeta(firstRow, (int) raw.numRows(), List.copyOf(chunks)));
            firstRow += raw.numRows();
        }
        if (firstRow != numRows) {
            throw corrupt("the footer says " + numRows + " rows but its row groups hold " + firstRow);
        }
        return List.copyOf(groups);
    }

    private ColumnChunkMeta checkedChunk(RawChunk chunk, ColumnDescriptor column, int group, long groupRows)
            throws ParquetFormatException {
        String where = "column " + column.name() + " of row group " + group;
        if (chunk.meta() == null) {
            throw new ParquetFormatException(where + " in " + fileName
                    + " is stored outside the file or encrypted, which is not supported");
        }
        if (!chunk.path().equals(column.path()) || chunk.type() != column.type().ordinal()) {
            throw corrupt(where + " has path " + chunk.path() + " and type " + chunk.type()
                    + " where the schema has " + column.path() + " and " + column.type());
        }
        ColumnChunkMeta meta = chunk.meta();
        if (column.maxRepetitionLevel() == 0 && meta.numValues() != groupRows) {
            throw corrupt(where + " has " + meta.numValues() + " values for " + groupRows + " rows");
        }
        long start = meta.start();
        if (start < FIRST_DATA_BYTE || meta.totalCompressedSize() < 0
                || meta.totalCompressedSize() > Integer.MAX_VALUE
                || start + meta.totalCompressedSize() > dataEnd) {
            throw corrupt(where + " claims bytes [" + start + ", " + (start + meta.totalCompressedSize())
                    + ") but column data must lie within [" + FIRST_DATA_BYTE + ", " + dataEnd + ")");
        }
        return meta;
    }

    private ParquetFormatException corrupt(String what) {
        return new ParquetFormatException("invalid Parquet footer in " + fileName + ": " + what);
    }
}
