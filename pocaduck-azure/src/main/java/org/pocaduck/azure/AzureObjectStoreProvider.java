package org.pocaduck.azure;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.util.Set;
import org.pocaduck.StorageConfig;
import org.pocaduck.StorageOption;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreProvider;

/**
 * Opens {@code az://}, {@code abfs(s)://} and {@code https://ACCOUNT.blob.core.windows.net} datasets with the Azure
 * SDK. Credentials, in order: the connection string, the account key, the SAS token; with none of them,
 * {@code DefaultAzureCredential} (environment, workload identity, managed identity, Azure CLI, ...). The endpoint is
 * {@code azureEndpointUrl} if given, else the one the location implies, else {@code https://ACCOUNT.blob.core.windows.net}.
 */
public final class AzureObjectStoreProvider implements ObjectStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("az");
    }

    @Override
    public ObjectStore open(StorageConfig config) {
        return new AzureObjectStore(container(config), config);
    }

    /** A client of the configuration's container with its endpoint and credentials. */
    static BlobContainerClient container(StorageConfig config) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder();
        String connectionString = config.option(StorageOption.AZURE_CONNECTION_STRING).orElse(null);
        if (connectionString != null) {
            builder.connectionString(connectionString);
        } else {
            String account = config.option(StorageOption.AZURE_ACCOUNT_NAME).orElse(null);
            builder.endpoint(config.option(StorageOption.AZURE_ENDPOINT_URL)
                    .orElseGet(() -> "https://" + account + ".blob.core.windows.net"));
            String key = config.option(StorageOption.AZURE_ACCOUNT_KEY).orElse(null);
            String sas = config.option(StorageOption.AZURE_SAS_TOKEN).orElse(null);
            if (key != null) {
                builder.credential(new StorageSharedKeyCredential(account, key));
            } else if (sas != null) {
                builder.sasToken(sas);
            } else {
                builder.credential(new DefaultAzureCredentialBuilder().build());
            }
        }
        return builder.buildClient().getBlobContainerClient(config.bucket());
    }
}
