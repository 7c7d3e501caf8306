package org.pocaduck.internal.io;

import java.io.IOException;
import java.util.LinkedHashMap;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.store.DatasetFiles;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;

/**
 * Part files by consolidated file number, with their row-group layouts kept: reading a footer costs far more than
 * reading a small label (in an object store, two more requests). A layout comes from the index, where consolidation
 * stored it, and only for files indexed before layouts were kept from the file's footer. Only layouts are cached (a
 * bounded number, least recently used dropped first); file handles are opened per read, so no reader can ever find
 * its handle closed by another thread's eviction.
 */
final class PartFiles {
    private final DatasetFiles files;
    private final DatasetIndex index;
    private final int capacity;
    private final LinkedHashMap<Integer, ParquetFile> footers = new LinkedHashMap<>(64, 0.75f, true);

    PartFiles(DatasetFiles files, DatasetIndex index, int capacity) {
        this.files = files;
        this.index = index;
        this.capacity = capacity;
    }

    /** Opens the bytes of a part file; the caller closes them. */
    ByteSource open(int fileId) {
        try {
            DatasetIndex.IndexedFile file = index.files().get(fileId);
            return files.open(file.path(), file.bytes());
        } catch (IOException e) {
            throw failure(fileId, e);
        }
    }

    /**
     * The part file's layout: cached, or stored in the index, or else read from its footer through {@code source}
     * (from {@link #open}).
     */
    ParquetFile footer(int fileId, ByteSource source) {
        synchronized (footers) {
            ParquetFile cached = footers.get(fileId);
            if (cached != null) {
                return cached;
            }
        }
        ParquetFile footer;
        try {
            byte[] layout = index.layout(fileId);
            DatasetIndex.IndexedFile file = index.files().get(fileId);
            footer = layout == null ? ParquetFile.open(source)
                    : ParquetFile.ofLayout(files.describe(file.path()), layout, file.bytes());
        } catch (IOException e) {
            throw failure(fileId, e);
        }
        synchronized (footers) {
            footers.put(fileId, footer);
            if (footers.size() > capacity) {
                var eldest = footers.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return footer;
    }

    PocaduckIOException failure(int fileId, IOException e) {
        return new PocaduckIOException("cannot read part file " + files.describe(index.file(fileId)) + ": "
                + e.getMessage(), e);
    }
}
