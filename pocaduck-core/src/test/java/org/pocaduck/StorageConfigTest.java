package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageConfigTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path temp;

    @Test
    void localPathsAndFileUrisNameTheSameDirectory() {
        StorageConfig local = StorageConfig.local(temp.resolve("pc"));

        assertThat(StorageConfig.of(temp.resolve("pc").toString())).isEqualTo(local);
        assertThat(StorageConfig.of(temp.resolve("pc").toUri().toString())).isEqualTo(local);
        assertThat(local.isLocal()).isTrue();
        assertThat(local.scheme()).isEqualTo("file");
        assertThat(local.base()).isEqualTo(temp.resolve("pc"));
        assertThat(local.prefix()).isEmpty();
        assertThatThrownBy(local::bucket).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "s3://my-bucket/data/pc, s3, my-bucket, data/pc, s3://my-bucket/data/pc",
        "s3://my-bucket/data/pc/, s3, my-bucket, data/pc, s3://my-bucket/data/pc",
        "S3://my-bucket, s3, my-bucket, '', s3://my-bucket",
        "gs://lab_bucket.v2/pc, gs, lab_bucket.v2, pc, gs://lab_bucket.v2/pc",
        "az://container-1/a/b, az, container-1, a/b, az://container-1/a/b",
        "abfss://cont@acct01.dfs.core.windows.net/pc, az, cont, pc, abfss://cont@acct01.dfs.core.windows.net/pc",
        "https://acct01.blob.core.windows.net/cont/x/y, az, cont, x/y, https://acct01.blob.core.windows.net/cont/x/y",
    })
    void cloudLocationsAreParsed(String location, String scheme, String bucket, String prefix, String shown) {
        StorageConfig.Builder builder = StorageConfig.builder(location);
        if (scheme.equals("az") && location.startsWith("az:")) {
            builder.azureAccountName("acct01");
        }
        StorageConfig config = builder.build();

        assertThat(config.isLocal()).isFalse();
        assertThat(config.scheme()).isEqualTo(scheme);
        assertThat(config.bucket()).isEqualTo(bucket);
        assertThat(config.prefix()).isEqualTo(prefix);
        assertThat(config.location()).isEqualTo(shown);
        assertThat(config).hasToString("StorageConfig[" + shown + "]");
        assertThatThrownBy(config::base).isInstanceOf(IllegalStateException.class).hasMessageContaining(shown);
    }

    @Test
    void azureUrlsImplyAccountAndEndpoint() {
        StorageConfig dfs = StorageConfig.of("abfs://cont@acct01.dfs.core.chinacloudapi.cn/pc");
        StorageConfig blob = StorageConfig.of("https://acct01.blob.core.windows.net/cont");

        assertThat(dfs.option(StorageOption.AZURE_ACCOUNT_NAME)).contains("acct01");
        assertThat(dfs.option(StorageOption.AZURE_ENDPOINT_URL)).contains("https://acct01.blob.core.chinacloudapi.cn");
        assertThat(blob.option(StorageOption.AZURE_ENDPOINT_URL)).contains("https://acct01.blob.core.windows.net");
    }

    @Test
    void builderOptionsAreKept() {
        StorageConfig s3 = StorageConfig.builder("s3://bucket/pc").s3Region("eu-west-1").s3AccessKeyId("AKIAEXAMPLE")
                .s3SecretAccessKey(SECRET).s3SessionToken("token-123").s3EndpointUrl("http://127.0.0.1:9000/")
                .s3PathStyle(false).build();

        assertThat(s3.option(StorageOption.S3_REGION)).contains("eu-west-1");
        assertThat(s3.option(StorageOption.S3_SECRET_ACCESS_KEY)).contains(SECRET);
        assertThat(s3.option(StorageOption.S3_ENDPOINT_URL)).contains("http://127.0.0.1:9000");
        assertThat(s3.option(StorageOption.S3_PATH_STYLE)).contains("false");
        assertThat(s3.option(StorageOption.GCS_PROJECT_ID)).isEmpty();
    }

    @Test
    void secretsNeverShowInToStringAndAreRedacted() {
        StorageConfig s3 = StorageConfig.builder("s3://bucket/pc").s3AccessKeyId("AKIAEXAMPLE")
                .s3SecretAccessKey(SECRET).build();
        StorageConfig azure = StorageConfig.builder("az://cont/pc")
                .azureConnectionString("DefaultEndpointsProtocol=https;AccountName=acct01;AccountKey=" + SECRET)
                .build();
        StorageConfig sas = StorageConfig.builder("https://acct01.blob.core.windows.net/cont")
                .azureSasToken("?sv=2024-01-01&sig=abc%2Bdef123").build();

        assertThat(s3.toString()).doesNotContain(SECRET).doesNotContain("AKIAEXAMPLE");
        assertThat(azure.toString()).doesNotContain(SECRET);
        assertThat(s3.redact("signature of " + SECRET + " by AKIAEXAMPLE")).isEqualTo("signature of **** by ****");
        assertThat(azure.redact("key " + SECRET)).isEqualTo("key ****");
        assertThat(sas.redact("GET /cont?sv=2024-01-01&sig=abc%2Bdef123")).doesNotContain("abc%2Bdef123");
        assertThat(sas.redact("signature abc+def123")).isEqualTo("signature ****");
        assertThat(sas.option(StorageOption.AZURE_SAS_TOKEN)).contains("sv=2024-01-01&sig=abc%2Bdef123");
    }

    @ParameterizedTest
    @CsvSource({
        "gs://bucket/pc, s3AccessKeyId, s3://",
        "az://cont/pc, s3Region, s3://",
        "s3://bucket/pc, gcsProjectId, gs://",
        "s3://bucket/pc, azureConnectionString, az://",
    })
    void optionsOfAnotherSchemeAreRejectedNamingOptionAndLocation(String location, String option, String scheme) {
        StorageConfig.Builder builder = StorageConfig.builder(location);
        switch (option) {
            case "s3AccessKeyId" -> builder.s3AccessKeyId("AKIAEXAMPLE").s3SecretAccessKey(SECRET);
            case "s3Region" -> builder.s3Region("us-east-1").azureAccountName("acct01");
            case "gcsProjectId" -> builder.gcsProjectId("my-project");
            default -> builder.azureConnectionString("AccountName=acct01;AccountKey=" + SECRET);
        }
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(option, scheme, location)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void cloudOptionsAreRejectedForLocalDatasets() {
        assertThatThrownBy(() -> StorageConfig.builder(temp.toString()).s3Region("us-east-1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("s3Region", "s3://", temp.toString());
    }

    @Test
    void incompleteOrConflictingCredentialsAreRejected() {
        assertThatThrownBy(() -> StorageConfig.builder("s3://bucket").s3SecretAccessKey(SECRET).build())
                .hasMessageContainingAll("s3AccessKeyId", "s3SecretAccessKey").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> StorageConfig.builder("s3://bucket").s3SessionToken(SECRET).build())
                .hasMessageContaining("s3SessionToken").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> StorageConfig.builder("az://cont").azureAccountName("acct01")
                .azureAccountKey(SECRET).azureSasToken("sig=" + SECRET).build())
                .hasMessageContainingAll("azureAccountKey", "azureSasToken").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> StorageConfig.builder("az://cont").azureConnectionString("AccountKey=" + SECRET)
                .azureAccountKey(SECRET).build())
                .hasMessageContainingAll("azureConnectionString", "azureAccountKey").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> StorageConfig.builder("az://cont").azureAccountKey(SECRET).build())
                .hasMessageContainingAll("az://cont", "no storage account").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> StorageConfig.builder("https://acct01.blob.core.windows.net/cont")
                .azureAccountName("other01").build())
                .hasMessageContainingAll("other01", "acct01");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3://Bad_Bucket/pc | 'Bad_Bucket'",
        "s3://ab/pc | 'ab'",
        "gs://-bucket | '-bucket'",
        "az://my--container | 'my--container'",
        "s3://bucket//pc | s3://bucket//pc",
        "s3://bucket/a/../b | s3://bucket/a/../b",
        "https://example.com/cont/pc | https://example.com/cont/pc",
        "abfss://acct01.dfs.core.windows.net/pc | abfss://acct01.dfs.core.windows.net/pc",
        "ftp://host/pc | 'ftp'",
    })
    void malformedLocationsAreRejectedNamingTheValue(String location, String named) {
        assertThatThrownBy(() -> StorageConfig.of(location))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named.replace("'", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://acct01.blob.core.windows.net/cont/pc?sv=2024&sig=TOPSECRET",
        "s3://AKIA:TOPSECRET@bucket/pc",
    })
    void credentialsInLocationsAreRejectedWithoutRepeatingThem(String location) {
        assertThatThrownBy(() -> StorageConfig.of(location))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("TOPSECRET");
    }

    @Test
    void endpointsMustBeHttpUrlsAndCarryNoCredentials() {
        assertThatThrownBy(() -> StorageConfig.builder("s3://bucket").s3EndpointUrl("127.0.0.1:9000"))
                .hasMessageContainingAll("s3EndpointUrl", "127.0.0.1:9000", "http");
        assertThatThrownBy(() -> StorageConfig.builder("s3://bucket").s3EndpointUrl("http://k:TOPSECRET@host"))
                .hasMessageContaining("s3EndpointUrl").hasMessageNotContaining("TOPSECRET");
        assertThatThrownBy(() -> StorageConfig.builder("s3://bucket").s3Region("US East"))
                .hasMessageContaining("'US East'");
        assertThatThrownBy(() -> StorageConfig.builder("s3://bucket").s3AccessKeyId(" "))
                .hasMessageContainingAll("s3AccessKeyId", "blank");
    }

    @Test
    void gcsCredentialsFileMustBeReadable() throws Exception {
        Path missing = temp.resolve("missing.json");
        assertThatThrownBy(() -> StorageConfig.builder("gs://bucket").gcsCredentialsFile(missing))
                .hasMessageContainingAll("gcsCredentialsFile", missing.toString());

        Path key = Files.writeString(temp.resolve("key.json"), "{}");
        assertThat(StorageConfig.builder("gs://bucket").gcsCredentialsFile(key).build()
                .option(StorageOption.GCS_CREDENTIALS_FILE)).contains(key.toString());
    }
}
