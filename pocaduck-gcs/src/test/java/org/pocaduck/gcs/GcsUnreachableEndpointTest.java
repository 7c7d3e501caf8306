package org.pocaduck.gcs;

import org.pocaduck.StorageConfig;
import org.pocaduck.storage.UnreachableEndpointContract;

class GcsUnreachableEndpointTest extends UnreachableEndpointContract {
    @Override
    protected StorageConfig.Builder configWithEndpoint(String endpointUrl) {
        return StorageConfig.builder("gs://unreachable/dataset").gcsEndpointUrl(endpointUrl);
    }
}
