package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.spi.net.DestinationGuard;
import io.mantissa.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding against the destination check: the check resolves the name to a public address,
 * then {@code HttpClient} resolves it again when it connects and reaches an internal server (here:
 * the check's resolver is told a public answer while the system resolves {@code localhost} to
 * loopback). What protects the request is TLS: only {@code https} is allowed, and the client
 * verifies the server's certificate against the URL's host name before it sends a single byte of
 * the request. The internal server is trusted by the client's trust store in this test, so the
 * host-name check is the only thing that fails.
 */
class DnsRebindingIT {
  private static final String KEY = "rebind-secret-token-123";
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;
  private SSLContext previousDefault;

  @BeforeEach
  void keepDefaultContext() throws Exception {
    previousDefault = SSLContext.getDefault();
  }

  @AfterEach
  void restoreDefaultContext() {
    SSLContext.setDefault(previousDefault);
  }

  /** A PKCS#12 key store with a self-signed RSA certificate for {@code dnsName}, by keytool. */
  private KeyStore keyStore(String dnsName) throws Exception {
    Path file = dir.resolve(dnsName + ".p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + dnsName,
                "-ext",
                "SAN=dns:" + dnsName,
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as(new String(out, StandardCharsets.UTF_8)).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** Makes the JVM's default TLS context trust {@code server}'s certificate (and only it). */
  private static void trust(KeyStore server) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", server.getCertificate("server"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    SSLContext.setDefault(ctx);
  }

  /** A one-connection TLS server on loopback recording what it received after the handshake. */
  private static final class InternalServer implements AutoCloseable {
    final SSLServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicReference<String> received = new AtomicReference<>("");
    final AtomicReference<String> failure = new AtomicReference<>("");
    final Thread thread;

    InternalServer(KeyStore keys) throws Exception {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      socket.setSoTimeout(10_000);
      thread = new Thread(this::serveOne, "internal-server");
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serveOne() {
      try (SSLSocket s = (SSLSocket) socket.accept()) {
        connections.incrementAndGet();
        s.setSoTimeout(10_000);
        s.startHandshake();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
          head.write(b);
          if (head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
            break;
          }
        }
        received.set(head.toString(StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (SocketTimeoutException e) {
        failure.set("no connection");
      } catch (IOException e) {
        failure.set(e.getClass().getSimpleName());
      }
    }

    void awaitDone() throws InterruptedException {
      thread.join(15_000);
      assertThat(thread.isAlive()).isFalse();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** The check sees a public address for {@code localhost}; the connection goes to loopback. */
  private static EnrichmentHttp rebound(DestinationGuard.Resolver checkTimeAnswer) {
    return new EnrichmentHttp(
        "rebind-test", Duration.ofSeconds(5), false, MutableClock.create(), checkTimeAnswer);
  }

  private static final DestinationGuard.Resolver PUBLIC_AT_CHECK_TIME =
      host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {93, (byte) 184, 1, 1})};

  @Test
  void aReboundConnectionToAServerWithoutACertificateForTheNameNeverCarriesTheRequest()
      throws Exception {
    KeyStore internal = keyStore("internal.corp.example");
    trust(internal); // even a certificate the client trusts: the name is what fails
    try (InternalServer server = new InternalServer(internal)) {
      EnrichmentHttp.Answer answer =
          rebound(PUBLIC_AT_CHECK_TIME)
              .get(
                  URI.create("https://localhost:" + server.port() + "/latest/meta-data/"),
                  Map.of("Authorization", "Bearer " + KEY));
      server.awaitDone();

      assertThat(answer).isInstanceOf(EnrichmentHttp.Answer.Unavailable.class);
      assertThat(((EnrichmentHttp.Answer.Unavailable) answer).reason())
          .contains("connection failed: TLS handshake failed");
      assertThat(server.connections.get()).isEqualTo(1); // the TCP connection did happen
      assertThat(server.failure.get()).isNotEmpty(); // the handshake was aborted by the client
      assertThat(server.received.get()).isEmpty(); // no request line, header or key
    }
  }

  @Test
  void controlTheSameReboundConnectionWithACertificateForTheNameDoesCarryIt() throws Exception {
    KeyStore localhost = keyStore("localhost");
    trust(localhost);
    try (InternalServer server = new InternalServer(localhost)) {
      EnrichmentHttp.Answer answer =
          rebound(PUBLIC_AT_CHECK_TIME)
              .get(
                  URI.create("https://localhost:" + server.port() + "/latest/meta-data/"),
                  Map.of("Authorization", "Bearer " + KEY));
      server.awaitDone();

      assertThat(answer).isInstanceOf(EnrichmentHttp.Answer.Ok.class);
      assertThat(server.received.get())
          .startsWith("GET /latest/meta-data/ HTTP/1.1")
          .contains("Bearer " + KEY);
    }
  }

  @Test
  void anInternalAnswerAtCheckTimeIsRefusedBeforeAnyConnection() throws Exception {
    KeyStore localhost = keyStore("localhost");
    trust(localhost);
    try (InternalServer server = new InternalServer(localhost)) {
      EnrichmentHttp.Answer answer =
          rebound(DestinationGuard.SYSTEM)
              .get(
                  URI.create("https://localhost:" + server.port() + "/"),
                  Map.of("Authorization", "Bearer " + KEY));
      server.socket.close(); // stops the accept loop

      assertThat(answer).isInstanceOf(EnrichmentHttp.Answer.Unavailable.class);
      assertThat(((EnrichmentHttp.Answer.Unavailable) answer).reason())
          .contains("private, loopback or link-local");
      server.awaitDone();
      assertThat(server.connections.get()).isZero();
      assertThat(List.of(server.received.get())).containsExactly("");
    }
  }

  @Test
  void aSinkDeliveryReboundToAnInternalServerNeverCarriesTheAlert() throws Exception {
    KeyStore internal = keyStore("internal.corp.example");
    trust(internal);
    try (InternalServer server = new InternalServer(internal)) {
      HttpDelivery delivery =
          new HttpDelivery(
              "webhook",
              HttpDelivery.defaultClient(Duration.ofSeconds(5)),
              Duration.ofSeconds(5),
              false,
              MutableClock.create(),
              PUBLIC_AT_CHECK_TIME);

      io.mantissa.spi.alert.DeliveryResult result =
          delivery.send(
              "POST",
              URI.create("https://localhost:" + server.port() + "/hooks/alerts"),
              Map.of("Content-Type", "application/json", "Authorization", "Bearer " + KEY),
              "{\"title\": \"alert body\"}",
              r -> "");
      server.awaitDone();

      assertThat(result)
          .isEqualTo(
              new io.mantissa.spi.alert.DeliveryResult.RetryableFailure(
                  "connection failed: TLS handshake failed", java.util.Optional.empty()));
      assertThat(server.connections.get()).isEqualTo(1);
      assertThat(server.received.get()).isEmpty();
    }
  }
}
