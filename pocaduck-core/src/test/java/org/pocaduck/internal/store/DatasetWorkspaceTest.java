package org.pocaduck.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pocaduck.PocaduckException;
import org.pocaduck.internal.format.AtomicFiles;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.LocalFileSource;
import org.pocaduck.storage.LocalObjectStore;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectStore;

/**
 * One workspace for every store: on a store of local files it works on the dataset's own files (no staging, no
 * copies, publishing by rename); on any other store through a staging directory removed on close. The other store
 * here is a local directory that does not say so, which the workspace must treat like a bucket.
 */
class DatasetWorkspaceTest {
    private static final String PART = "workers/w-1/part-000001.parquet";
    private static final String INDEX = "workers/w-1/index.duckdb";

    @TempDir
    Path temp;

    @Test
    void onLocalFilesTheWorkspaceIsTheDatasetAndPublishesByRename() throws IOException {
        Path dataset = temp.resolve("dataset");
        try (DatasetWorkspace workspace = DatasetWorkspace.open(new LocalObjectStore(dataset))) {
            assertThat(workspace.inPlace()).isTrue();
            assertThat(workspace.layout().base()).isEqualTo(dataset);
            assertThat(workspace.location()).isEqualTo(dataset.toString());

            Path finished = finishedFile(workspace, PART, "points");
            Object inode = Files.readAttributes(finished, BasicFileAttributes.class).fileKey();
            workspace.publish(finished, PART);

            assertThat(finished).doesNotExist();
            assertThat(dataset.resolve(PART)).hasContent("points");
            assertThat(Files.readAttributes(dataset.resolve(PART), BasicFileAttributes.class).fileKey())
                    .isEqualTo(inode);

            DatasetFiles files = workspace.files();
            assertThat(files.local(PART)).isEqualTo(dataset.resolve(PART));
            try (ByteSource source = files.open(PART, 6)) {
                assertThat(source).isInstanceOf(LocalFileSource.class);
                assertThat(UTF_8.decode(source.read(0, 6)).toString()).isEqualTo("points");
            }
        }
        assertThat(dataset.resolve(PART)).hasContent("points");
    }

    @Test
    void onAnyOtherStoreTheWorkspaceStagesCopiesAndRemovesThem() throws IOException {
        Path bucket = temp.resolve("bucket");
        Path staging;
        Path downloaded;
        try (DatasetWorkspace workspace = DatasetWorkspace.open(new StoreOfUnsaidFiles(bucket))) {
            staging = workspace.layout().base();
            assertThat(workspace.inPlace()).isFalse();
            assertThat(staging).isDirectory().isNotEqualTo(bucket);
            assertThat(workspace.location()).isEqualTo(bucket.toString());

            workspace.publish(finishedFile(workspace, PART, "points"), PART);
            workspace.publish(finishedFile(workspace, INDEX, "index 1"), INDEX);
            assertThat(bucket.resolve(PART)).hasContent("points");
            assertThat(workspace.local(PART)).doesNotExist();
            assertThat(workspace.local(INDEX)).hasContent("index 1");

            Files.writeString(workspace.local(INDEX), "index 2");
            assertThat(bucket.resolve(INDEX)).hasContent("index 1");
            workspace.push(INDEX);
            assertThat(bucket.resolve(INDEX)).hasContent("index 2");

            assertThat(workspace.pull("workers/w-2/index.duckdb")).isFalse();
            assertThat(workspace.local("workers/w-2/index.duckdb")).doesNotExist();

            downloaded = workspace.files().local(INDEX);
            assertThat(downloaded).hasContent("index 2").isNotEqualTo(bucket.resolve(INDEX))
                    .isNotEqualTo(workspace.local(INDEX));
        }
        assertThat(staging).doesNotExist();
        assertThat(downloaded).doesNotExist();
        assertThat(bucket.resolve(INDEX)).hasContent("index 2");
    }

    /** The same calls give the same dataset whichever way the workspace works. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyStepLeavesTheSameFiles(boolean localFiles) throws IOException {
        try (DatasetWorkspace workspace = openDataset(localFiles)) {
            assertThat(workspace.publishNew(finishedFile(workspace, PART, "first"), PART)).isTrue();
            Path second = finishedFile(workspace, PART, "second");
            assertThat(workspace.publishNew(second, PART)).isFalse();
            assertThat(second).doesNotExist();

            workspace.writeText("pocaduck.json", "manifest 1");
            assertThat(workspace.createIfAbsent("pocaduck.json", "manifest 2".getBytes(UTF_8))).isFalse();
            assertThat(workspace.local("pocaduck.json")).hasContent("manifest 1");
            assertThat(workspace.createIfAbsent("workers/w-1/committed", new byte[0])).isTrue();

            workspace.write("workers/w-1/commit-required", new byte[0]);
            workspace.delete("workers/w-1/commit-required");
            workspace.delete("workers/w-1/never-written");

            assertThat(workspace.exists(PART)).isTrue();
            assertThat(workspace.pull("pocaduck.json")).isTrue();
            assertThat(workspace.size(PART)).isEqualTo(5);
            assertThat(workspace.list("workers/")).containsExactly("workers/w-1/committed", PART);
            assertThat(workspace.files().readText("pocaduck.json")).contains("manifest 1");
            assertThat(workspace.files().size("workers/w-1")).isEmpty();
        }
        assertThat(new LocalObjectStore(temp.resolve("dataset")).list("")).containsExactly(new ObjectInfo("pocaduck.json", 10),
                new ObjectInfo("workers/w-1/committed", 0), new ObjectInfo(PART, 5));
    }

    /** A key from a damaged index never reaches a file outside the dataset, whichever way it would be read. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void keysOutsideTheDatasetAreRefused(boolean localFiles) throws IOException {
        try (DatasetWorkspace workspace = openDataset(localFiles)) {
            DatasetFiles files = workspace.files();
            for (String key : List.of("../outside", "/etc/passwd", "workers//part", "a/./b")) {
                assertThatThrownBy(() -> files.local(key)).isInstanceOf(PocaduckException.class)
                        .hasMessageContaining("\"" + key + "\"").hasMessageContaining("damaged");
                assertThatThrownBy(() -> files.open(key, 10)).isInstanceOf(PocaduckException.class)
                        .hasMessageContaining("\"" + key + "\"");
                assertThatThrownBy(() -> files.readText(key)).isInstanceOf(PocaduckException.class)
                        .hasMessageContaining("\"" + key + "\"");
            }
        }
    }

    /** The workspace of the dataset temp/dataset, on a store that says it has local files or on one that does not. */
    private DatasetWorkspace openDataset(boolean localFiles) throws IOException {
        Path dataset = temp.resolve("dataset");
        return DatasetWorkspace.open(localFiles ? new LocalObjectStore(dataset) : new StoreOfUnsaidFiles(dataset));
    }

    /** A file written under the workspace's layout, as a step writes one before publishing it. */
    private static Path finishedFile(DatasetWorkspace workspace, String key, String content) throws IOException {
        Path file = AtomicFiles.tempFor(workspace.local(key));
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** A store of local files that does not say it has them: the workspace must use it like a bucket. */
    private static final class StoreOfUnsaidFiles implements ObjectStore {
        private final LocalObjectStore files;

        StoreOfUnsaidFiles(Path directory) {
            this.files = new LocalObjectStore(directory);
        }

        @Override
        public String location() {
            return files.location();
        }

        @Override
        public List<ObjectInfo> list(String keyPrefix) throws IOException {
            return files.list(keyPrefix);
        }

        @Override
        public long size(String key) throws IOException {
            return files.size(key);
        }

        @Override
        public byte[] read(String key) throws IOException {
            return files.read(key);
        }

        @Override
        public byte[] read(String key, long offset, int length) throws IOException {
            return files.read(key, offset, length);
        }

        @Override
        public void download(String key, Path target) throws IOException {
            files.download(key, target);
        }

        @Override
        public void write(String key, byte[] content) throws IOException {
            files.write(key, content);
        }

        @Override
        public void upload(String key, Path source) throws IOException {
            files.upload(key, source);
        }

        @Override
        public boolean createIfAbsent(String key, byte[] content) throws IOException {
            return files.createIfAbsent(key, content);
        }

        @Override
        public boolean uploadIfAbsent(String key, Path source) throws IOException {
            return files.uploadIfAbsent(key, source);
        }

        @Override
        public void delete(String key) throws IOException {
            files.delete(key);
        }

        @Override
        public void close() {
            files.close();
        }
    }
}
