package org.pocaduck.gcs;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.pocaduck.StorageConfig;
import org.pocaduck.StorageOption;
import org.pocaduck.storage.ConnectTimeouts;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreProvider;

/**
 * Opens {@code gs://} datasets with the Google Cloud Storage client. Credentials come from the configured JSON file,
 * else from Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's user credentials, the
 * metadata server); the project from the configuration, else from the credentials or the environment.
 */
public final class GcsObjectStoreProvider implements ObjectStoreProvider {
    private static final int ATTEMPTS = 3;

    @Override
    public Set<String> schemes() {
        return Set.of("gs");
    }

    @Override
    public ObjectStore open(StorageConfig config) throws IOException {
        // Every write replaces a whole object, so retrying one is safe; the default retries only preconditioned ones.
        // The library's own retries wait 1 s, 2 s, ... for up to 50 s; these stay within the configured timeout.
        Duration perAttempt = ConnectTimeouts.perAttempt(config, ATTEMPTS);
        StorageOptions.Builder options = StorageOptions.newBuilder()
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(Math.toIntExact(perAttempt.toMillis()))
                        .setReadTimeout(Math.toIntExact(config.timeout().toMillis())).build())
                .setRetrySettings(ServiceOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(ATTEMPTS)
                        .setInitialRetryDelayDuration(perAttempt.dividedBy(4))
                        .setMaxRetryDelayDuration(perAttempt.dividedBy(2)).build());
        config.option(StorageOption.GCS_PROJECT_ID).ifPresent(options::setProjectId);
        Optional<String> credentialsFile = config.option(StorageOption.GCS_CREDENTIALS_FILE);
        Optional<String> endpoint = config.option(StorageOption.GCS_ENDPOINT_URL);
        endpoint.ifPresent(options::setHost);
        if (credentialsFile.isPresent()) {
            options.setCredentials(credentials(Path.of(credentialsFile.get())));
        } else if (endpoint.isPresent()) {
            // An emulator: Application Default Credentials would look for a Google account it does not need.
            options.setCredentials(NoCredentials.getInstance());
        }
        return new GcsObjectStore(options.build().getService(), config);
    }

    private static GoogleCredentials credentials(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return GoogleCredentials.fromStream(in);
        } catch (IOException e) {
            // The library's messages name missing fields, never the file's content.
            throw new IOException("cannot load Google credentials from gcsCredentialsFile " + file
                    + "; expected a service-account (or other Google credentials) JSON file: " + e.getMessage(), e);
        }
    }
}
