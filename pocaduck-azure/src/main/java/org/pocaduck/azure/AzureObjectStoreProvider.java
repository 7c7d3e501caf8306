package org.pocaduck.azure;

import com.azure.core.util.HttpClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.util.Set;
import org.pocaduck.StorageConfig;
import org.pocaduck.StorageOption;
import org.pocaduck.storage.ConnectTimeouts;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreProvider;

/**
 * Opens {@code az://}, {@code abfs(s)://} and {@code https://ACCOUNT.blob.core.windows.net} datasets with the Azure
 * SDK. Credentials, in order: the connection string, the account key, the SAS token; with none of them,
 * {@code DefaultAzureCredential} (environment, workload identity, managed identity, Azure CLI, ...). The endpoint is
 * {@code azureEndpointUrl} if given, else the one the location implies, else {@code https://ACCOUNT.blob.core.windows.net}.
 */
public final class AzureObjectStoreProvider implements ObjectStoreProvider {
    private static final int ATTEMPTS = 3;

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
        Duration perAttempt = ConnectTimeouts.perAttempt(config, ATTEMPTS);
        // The SDK's own retries wait 4 s, then 8 s, ... and no attempt ever gives up connecting: 47 s for a closed
        // port. Here the pauses (a quarter and a half of an attempt's share) stay within the timeout's spare share.
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .clientOptions(new HttpClientOptions().setConnectTimeout(perAttempt).setReadTimeout(config.timeout())
                        .setResponseTimeout(config.timeout()))
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, ATTEMPTS, (Duration) null,
                        perAttempt.dividedBy(4), perAttempt.dividedBy(2), null));
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
