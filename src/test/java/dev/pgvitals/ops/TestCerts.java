package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A throw-away certificate authority and certificates signed by it, made with the JDK's own {@code
 * keytool} (no openssl needed), written as PEM files the way an operator has them: {@code ca.crt},
 * {@code <name>.crt} and {@code <name>.key} (PKCS#8) in a directory. EC P-256 keys, valid for two
 * days, {@code 127.0.0.1} and {@code localhost} as subject alternative names.
 */
public final class TestCerts {

  private static final String PASS = "test-only";

  private final Path dir;
  private final Path keytool;

  private TestCerts(Path dir) {
    this.dir = dir;
    String home = System.getProperty("java.home");
    this.keytool = Path.of(home, "bin", "keytool");
  }

  /** A new CA in {@code dir} ({@code ca.crt}). */
  public static TestCerts authority(Path dir) throws Exception {
    TestCerts c = new TestCerts(dir);
    c.keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=pgvitals test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        "ca.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        PASS);
    c.keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass",
        PASS,
        "-file",
        "ca.crt");
    return c;
  }

  public Path ca() {
    return dir.resolve("ca.crt");
  }

  /** Writes {@code name.crt} (signed by the CA) and {@code name.key}; returns {@code name.crt}. */
  public Path issue(String name, String commonName) throws Exception {
    String store = name + ".p12";
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + commonName,
        "-validity",
        "2",
        "-keystore",
        store,
        "-storetype",
        "PKCS12",
        "-storepass",
        PASS);
    keytool(
        "-certreq", "-alias", name, "-keystore", store, "-storepass", PASS, "-file", name + ".csr");
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass",
        PASS,
        "-infile",
        name + ".csr",
        "-outfile",
        name + ".crt",
        "-rfc",
        "-validity",
        "2",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost,dns:" + commonName,
        "-ext",
        "ku:c=digitalSignature,keyAgreement");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(store))) {
      ks.load(in, PASS.toCharArray());
    }
    Key key = ks.getKey(name, PASS.toCharArray());
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(dir.resolve(name + ".key"), pem);
    return dir.resolve(name + ".crt");
  }

  public Path key(String name) {
    return dir.resolve(name + ".key");
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(keytool.toString());
    command.addAll(List.of(args));
    ExternalTool.Result r = ExternalTool.run(command, dir, Map.of(), Duration.ofSeconds(60));
    assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.output()).isZero();
  }
}
