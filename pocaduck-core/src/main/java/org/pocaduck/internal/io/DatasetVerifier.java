package org.pocaduck.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.index.GenerationFiles;
import org.pocaduck.internal.index.DuckDb;
import org.pocaduck.internal.index.LabelIndex;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * Checks a consolidated generation against the files it names, segment by segment, and names the file of every
 * problem:
 *
 * <ul>
 *   <li>the DuckDB index: every row of every table is read, so DuckDB checks the checksum of every block in use;</li>
 *   <li>the label index: it starts with its magic number, and every page and node is read, each checked against its
 *       CRC-32C; the labels' chunks must tile each part file exactly (every row belongs to one chunk);</li>
 *   <li>the list of live files ({@code files.parquet}) holds exactly the part files the DuckDB indexes list;</li>
 *   <li>every part file exists with the size and row count the index recorded, starts with the Parquet magic number,
 *       and its footer matches the layout the index recorded for it and that layout's checksum of the file's
 *       tail;</li>
 *   <li>unless only metadata is checked: every column chunk of every part file is read and checked against its
 *       CRC-32C, every page of every numeric column decoded, and every row of a chunk holds that chunk's label.</li>
 * </ul>
 *
 * Part files whose layout was stored without checksums (by a version of the library before they were kept) are
 * decoded but cannot be checked byte for byte.
 */
public final class DatasetVerifier {
    /** Problems reported per file before the rest of that file is skipped, so one broken file cannot flood the list. */
    private static final int PROBLEMS_PER_FILE = 5;
    private static final String INDEX_ALIAS = "verified";
    /** A label index starts and ends with the same magic number, {@code PCDLKUP1}. */
    private static final int LABEL_INDEX_MAGIC_BYTES = 8;

    private final DatasetFiles files;
    private final Manifest manifest;
    private final List<LabelIndex> labelIndexes;
    private final boolean readData;

    /**
     * @param labelIndexes the label index of each of the manifest's segments, base first
     * @param readData     whether to read the part files' column chunks too, not only what describes them
     */
    public DatasetVerifier(DatasetFiles files, Manifest manifest, List<LabelIndex> labelIndexes, boolean readData) {
        this.files = files;
        this.manifest = manifest;
        this.labelIndexes = labelIndexes;
        this.readData = readData;
    }

    /** One line per problem found, each starting with the file it is in; empty when the generation is sound. */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        List<GenerationFiles.PartFile> listedSoFar = new ArrayList<>();
        for (int s = 0; s < manifest.segments().size(); s++) {
            verifySegment(manifest.segments().get(s).indexFile(), labelIndexes.get(s), listedSoFar, problems);
        }
        return problems;
    }

    /**
     * @param listedSoFar the part files of the segments before this one; this segment's are added
     */
    private void verifySegment(String indexFile, LabelIndex labelIndex, List<GenerationFiles.PartFile> listedSoFar,
                               List<String> problems) {
        Path local;
        try {
            local = files.local(indexFile);
            readEveryTable(local);
        } catch (IOException | SQLException | RuntimeException e) {
            problems.add(indexFile + ": unreadable: " + e.getMessage());
            return;
        }
        try {
            List<GenerationFiles.PartFile> partFiles = GenerationFiles.ofDuckDbIndex(local).files();
            List<List<long[]>> rangesByFile = chunkRanges(indexFile, labelIndex, partFiles.size(), problems);
            if (rangesByFile == null) {
                return;
            }
            for (int f = 0; f < partFiles.size(); f++) {
                verifyPartFile(partFiles.get(f), rangesByFile.get(f), problems);
            }
            listedSoFar.addAll(partFiles);
            if (manifest.formatVersion() > 1) {
                verifyLiveFiles(DatasetLayout.liveFiles(indexFile), listedSoFar, problems);
            }
        } catch (RuntimeException e) {
            problems.add(indexFile + ": unreadable: " + e.getMessage());
        }
    }

    /**
     * Reads every column of every row of every table, so that DuckDB reads, and checks the checksum of, every block
     * the database uses. (Blocks it does not use cannot change an answer.)
     */
    private static void readEveryTable(Path indexFile) throws SQLException {
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.attach(duck, indexFile, INDEX_ALIAS, true);
            List<String> tables = new ArrayList<>();
            try (PreparedStatement statement = duck.prepareStatement(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = ?")) {
                statement.setString(1, INDEX_ALIAS);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
            }
            for (String table : tables) {
                // The name comes from the database itself, quoted as an identifier: it cannot be bound.
                DuckDb.execute(duck, "SELECT count(*), sum(hash(COLUMNS(*))) FROM " + INDEX_ALIAS + ".\""
                        + table.replace("\"", "\"\"") + "\"");
            }
        }
    }

    /**
     * The row ranges of each part file, from the label index (which this reads whole, checking every frame), with
     * the label of each; null when the label index is unreadable.
     */
    private List<List<long[]>> chunkRanges(String indexFile, LabelIndex labelIndex, int fileCount,
                                           List<String> problems) {
        String lookupFile = LabelIndex.keyFor(indexFile);
        List<List<long[]>> rangesByFile = new ArrayList<>();
        for (int f = 0; f < fileCount; f++) {
            rangesByFile.add(new ArrayList<>());
        }
        try {
            // A generation of format 1 has no label index of its own; the reader built one privately.
            if (manifest.formatVersion() > 1) {
                checkLabelIndexStart(lookupFile);
            }
            labelIndex.forEachChunk((label, blockId, fileId, rowStart, rowCount) -> {
                if (fileId >= fileCount) {
                    throw new IllegalStateException("label " + Long.toUnsignedString(label) + " names part file "
                            + fileId + " of the " + fileCount + " the index lists");
                }
                rangesByFile.get(fileId).add(new long[] {rowStart, rowCount, label});
            });
            labelIndex.checkBlockDirectory();
        } catch (IOException | RuntimeException e) {
            problems.add((manifest.formatVersion() > 1 ? lookupFile : "label index of " + indexFile) + ": "
                    + e.getMessage());
            return null;
        }
        return rangesByFile;
    }

    /**
     * Opening the label index checked the magic number at its end and reading it checks every frame; only the copy
     * at its start is left, which must be the same.
     */
    private void checkLabelIndexStart(String lookupFile) throws IOException {
        try (ByteSource source = files.open(lookupFile)) {
            long size = source.size();
            int magic = LABEL_INDEX_MAGIC_BYTES;
            if (size < 2L * magic || !source.read(0, magic).equals(source.read(size - magic, magic))) {
                throw new IOException("it does not start with the magic number it ends with");
            }
        }
    }

    private void verifyPartFile(GenerationFiles.PartFile file, List<long[]> ranges, List<String> problems) {
        int before = problems.size();
        try {
            if (files.size(file.path()).isEmpty()) {
                problems.add(file.path() + ": missing");
                return;
            }
        } catch (IOException e) {
            problems.add(file.path() + ": cannot be read: " + e.getMessage());
            return;
        }
        try (ByteSource source = files.open(file.path())) {
            if (source.size() != file.bytes()) {
                problems.add(file.path() + ": " + source.size() + " bytes, the index recorded " + file.bytes());
                return;
            }
            ParquetFile parquet = file.layout() == null ? ParquetFile.open(source)
                    : ParquetFile.ofLayout(file.path(), file.layout(), file.bytes());
            parquet.checkMetadata(source);
            if (parquet.rowCount() != file.points()) {
                problems.add(file.path() + ": " + parquet.rowCount() + " rows, the index recorded " + file.points());
                return;
            }
            long[] labels = null;
            if (readData) {
                parquet.checkData(source);
                labels = new long[(int) parquet.rowCount()];
                parquet.readRows(source, 0, labels.length, new String[] {"label"}, new Object[] {labels}, 0);
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long expectedStart = 0;
            for (long[] range : ranges) {
                if (problems.size() - before >= PROBLEMS_PER_FILE) {
                    return;
                }
                if (range[0] > expectedStart) {
                    problems.add(file.path() + ": rows " + expectedStart + " to " + (range[0] - 1)
                            + " belong to no chunk");
                } else if (range[0] < expectedStart) {
                    problems.add(file.path() + ": rows " + range[0] + " to " + (expectedStart - 1)
                            + " are in two chunks");
                }
                if (labels != null) {
                    checkLabel(file.path(), labels, range, problems);
                }
                expectedStart = range[0] + range[1];
            }
            if (expectedStart != parquet.rowCount()) {
                problems.add(file.path() + ": the ranges end at row " + expectedStart + " but the file has "
                        + parquet.rowCount() + " rows");
            }
        } catch (IOException | RuntimeException e) {
            problems.add(file.path() + ": unreadable: " + e.getMessage());
        }
    }

    private static void checkLabel(String file, long[] labels, long[] range, List<String> problems) {
        int from = (int) Math.max(0, range[0]);
        int to = (int) Math.min(labels.length, range[0] + range[1]);
        int wrong = firstDifferent(labels, from, to, range[2]);
        if (wrong >= 0) {
            problems.add(file + ": row " + wrong + " holds label " + Long.toUnsignedString(labels[wrong])
                    + " but lies in a chunk of label " + Long.toUnsignedString(range[2]));
        }
    }

    private static int firstDifferent(long[] labels, int from, int to, long label) {
        for (int i = from; i < to; i++) {
            if (labels[i] != label) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The Parquet list of live files must list exactly the given part files, in order: plain Parquet readers and
     * incremental consolidation take it as the generation's list.
     */
    private void verifyLiveFiles(String liveFiles, List<GenerationFiles.PartFile> expected, List<String> problems) {
        List<GenerationFiles.PartFile> listed;
        try {
            listed = GenerationFiles.ofList(files.local(liveFiles)).files().stream()
                    .map(GenerationFiles.PartFile::withoutLayout).toList();
        } catch (IOException | RuntimeException e) {
            problems.add(liveFiles + ": unreadable: " + e.getMessage());
            return;
        }
        expected = expected.stream().map(GenerationFiles.PartFile::withoutLayout).toList();
        if (!listed.equals(expected)) {
            problems.add(liveFiles + ": lists " + listed.size() + " part files that differ from the "
                    + expected.size() + " the DuckDB indexes list");
        }
    }
}
