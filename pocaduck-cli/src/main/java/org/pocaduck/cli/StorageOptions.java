package org.pocaduck.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Option;

/**
 * The object-store options every dataset command takes, named as in the Python PoCADuck's command line. Without
 * them the vendors' default credential chains apply (AWS_* variables and profiles, Application Default Credentials,
 * DefaultAzureCredential), which keeps secrets off the command line.
 */
final class StorageOptions {
    @Option(names = "--s3-region", paramLabel = "REGION", description = "S3: the region, e.g. us-east-1.")
    String s3Region;

    @Option(names = "--s3-access-key-id", paramLabel = "ID", description = "S3: the access key id.")
    String s3AccessKeyId;

    @Option(names = "--s3-secret-access-key", paramLabel = "KEY", description = "S3: the secret access key.")
    String s3SecretAccessKey;

    @Option(names = "--s3-session-token", paramLabel = "TOKEN", description = "S3: the session token.")
    String s3SessionToken;

    @Option(names = "--s3-endpoint-url", paramLabel = "URL",
            description = "S3-compatible store (MinIO, Ceph, VAST, R2, ...); implies path-style addressing.")
    String s3EndpointUrl;

    @Option(names = "--s3-path-style", paramLabel = "true|false",
            description = "S3: path-style (true) or virtual-hosted (false) addressing.")
    Boolean s3PathStyle;

    @Option(names = "--gcs-project-id", paramLabel = "PROJECT", description = "GCS: the project id.")
    String gcsProjectId;

    @Option(names = "--gcs-credentials", paramLabel = "FILE", description = "GCS: a service-account key file.")
    Path gcsCredentials;

    @Option(names = "--gcs-endpoint-url", paramLabel = "URL",
            description = "GCS: the endpoint of a GCS-compatible server, e.g. an emulator (no credentials unless given).")
    String gcsEndpointUrl;

    @Option(names = "--azure-connection-string", paramLabel = "TEXT", description = "Azure: a connection string.")
    String azureConnectionString;

    @Option(names = "--azure-account-name", paramLabel = "NAME", description = "Azure: the storage account.")
    String azureAccountName;

    @Option(names = "--azure-account-key", paramLabel = "KEY", description = "Azure: the account key.")
    String azureAccountKey;

    @Option(names = "--azure-sas-token", paramLabel = "TOKEN", description = "Azure: a SAS token.")
    String azureSasToken;

    @Option(names = "--azure-endpoint-url", paramLabel = "URL",
            description = "Azure: the blob endpoint, e.g. of Azurite.")
    String azureEndpointUrl;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Object stores: fail once an endpoint has not"
            + " answered for this long, retries included (default: 10).")
    Integer timeoutSeconds;

    /** The configuration of {@code base} with the options given; the library rejects options of another store. */
    StorageConfig configFor(String base) {
        StorageConfig.Builder builder = StorageConfig.builder(base);
        set(s3Region, builder::s3Region);
        set(s3AccessKeyId, builder::s3AccessKeyId);
        set(s3SecretAccessKey, builder::s3SecretAccessKey);
        set(s3SessionToken, builder::s3SessionToken);
        set(s3EndpointUrl, builder::s3EndpointUrl);
        set(s3PathStyle, builder::s3PathStyle);
        set(gcsProjectId, builder::gcsProjectId);
        set(gcsCredentials, builder::gcsCredentialsFile);
        set(gcsEndpointUrl, builder::gcsEndpointUrl);
        set(azureConnectionString, builder::azureConnectionString);
        set(azureAccountName, builder::azureAccountName);
        set(azureAccountKey, builder::azureAccountKey);
        set(azureSasToken, builder::azureSasToken);
        set(azureEndpointUrl, builder::azureEndpointUrl);
        set(timeoutSeconds, seconds -> builder.timeout(Duration.ofSeconds(seconds)));
        return builder.build();
    }

    /** Passes an option to the builder only when it was given: an absent option leaves the default in place. */
    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
