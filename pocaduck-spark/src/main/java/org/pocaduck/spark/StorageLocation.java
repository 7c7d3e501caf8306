package org.pocaduck.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.pocaduck.StorageConfig;
import org.pocaduck.StorageOption;

/**
 * What executors need to rebuild a {@link StorageConfig}, which is not serializable: its location and its options.
 * Secret options travel with the task, as Spark ships every task's closure; {@link #toString()} shows only the
 * location, so a task's description in logs and the UI never carries them.
 */
final class StorageLocation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final EnumMap<StorageOption, String> options = new EnumMap<>(StorageOption.class);

    StorageLocation(StorageConfig config) {
        this.location = config.location();
        for (StorageOption option : StorageOption.values()) {
            config.option(option).ifPresent(value -> options.put(option, value));
        }
        if (config.scheme().equals("az") && !location.startsWith("az://")) {
            // An https:// or abfss:// location names its account and endpoint itself; repeating them is rejected.
            options.remove(StorageOption.AZURE_ACCOUNT_NAME);
            options.remove(StorageOption.AZURE_ENDPOINT_URL);
        }
    }

    StorageConfig config() {
        StorageConfig.Builder builder = StorageConfig.builder(location);
        for (Map.Entry<StorageOption, String> entry : options.entrySet()) {
            String value = entry.getValue();
            switch (entry.getKey()) {
                case S3_REGION -> builder.s3Region(value);
                case S3_ACCESS_KEY_ID -> builder.s3AccessKeyId(value);
                case S3_SECRET_ACCESS_KEY -> builder.s3SecretAccessKey(value);
                case S3_SESSION_TOKEN -> builder.s3SessionToken(value);
                case S3_ENDPOINT_URL -> builder.s3EndpointUrl(value);
                case S3_PATH_STYLE -> builder.s3PathStyle(Boolean.parseBoolean(value));
                case GCS_PROJECT_ID -> builder.gcsProjectId(value);
                case GCS_CREDENTIALS_FILE -> builder.gcsCredentialsFile(Path.of(value));
                case AZURE_CONNECTION_STRING -> builder.azureConnectionString(value);
                case AZURE_ACCOUNT_NAME -> builder.azureAccountName(value);
                case AZURE_ACCOUNT_KEY -> builder.azureAccountKey(value);
                case AZURE_SAS_TOKEN -> builder.azureSasToken(value);
                case AZURE_ENDPOINT_URL -> builder.azureEndpointUrl(value);
            }
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "StorageLocation[" + location + "]";
    }
}
