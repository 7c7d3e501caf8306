package org.pocaduck.azure;

import org.pocaduck.StorageConfig;
import org.pocaduck.storage.UnreachableEndpointContract;

class AzureUnreachableEndpointTest extends UnreachableEndpointContract {
    @Override
    protected StorageConfig.Builder configWithEndpoint(String endpointUrl) {
        return StorageConfig.builder("az://unreachable/dataset").azureEndpointUrl(endpointUrl + "/" + Azurite.ACCOUNT)
                .azureAccountName(Azurite.ACCOUNT).azureAccountKey(Azurite.KEY);
    }
}
