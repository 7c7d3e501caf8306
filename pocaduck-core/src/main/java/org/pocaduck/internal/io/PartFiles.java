package org.pocaduck.internal.io;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.IOException;
import org.pocaduck.internal.store.DatasetFiles;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;

/**
 * Part files by consolidated file number, with their row-group layouts kept: reading a footer costs far more than
 * reading a small label (in an object store, two more requests). A layout comes from the index, where consolidation
 * stored it, and only for files indexed before layouts were kept from the file's footer. Only layouts are cached,
 * bounded by the heap they take; file handles are opened per read, so no reader can ever find its handle closed by
 * another thread's eviction.
 */
final class PartFiles implements PointReader.PartSource {
    private final DatasetFiles files;
    private final DatasetIndex index;
    private final Cache<Integer, ParquetFile> layouts;

    /** @param cacheBytes about how much heap the cached layouts may take */
    PartFiles(DatasetFiles files, DatasetIndex index, long cacheBytes) {
        this.files = files;
        this.index = index;
        this.layouts = ParquetFile.newCache(cacheBytes);
    }

    @Override
    public ByteSource open(int fileId) throws IOException {
        DatasetIndex.IndexedFile file = index.files().get(fileId);
        return files.open(file.path(), file.bytes());
    }

    /** The part file's layout: cached, or stored in the index, or else read from its footer through {@code source}. */
    @Override
    public ParquetFile layout(int fileId, ByteSource source) throws IOException {
        ParquetFile cached = layouts.getIfPresent(fileId);
        if (cached != null) {
            return cached;
        }
        byte[] stored = index.layout(fileId);
        DatasetIndex.IndexedFile file = index.files().get(fileId);
        ParquetFile layout = stored == null ? ParquetFile.open(source)
                : ParquetFile.ofLayout(files.describe(file.path()), stored, file.bytes());
        layouts.put(fileId, layout);
        return layout;
    }

    @Override
    public String describe(int fileId) {
        return files.describe(index.file(fileId));
    }
}
