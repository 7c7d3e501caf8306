package org.pocaduck.s3;

import org.pocaduck.StorageConfig;
import org.pocaduck.storage.UnreachableEndpointContract;

class S3UnreachableEndpointTest extends UnreachableEndpointContract {
    @Override
    protected StorageConfig.Builder configWithEndpoint(String endpointUrl) {
        return StorageConfig.builder("s3://unreachable/dataset").s3EndpointUrl(endpointUrl)
                .s3AccessKeyId("access-key").s3SecretAccessKey("secret-key");
    }
}
