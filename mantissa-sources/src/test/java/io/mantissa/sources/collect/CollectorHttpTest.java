package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.net.DestinationGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CollectorHttpTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void findsTheNextLinkAmongSeveralHeadersAndRelations() {
    assertThat(
            CollectorHttp.nextLink(
                List.of(
                    "<https://x.okta.com/api/v1/logs?a=1>; rel=\"self\"",
                    "<https://x.okta.com/api/v1/logs?after=2>; rel=\"next\"")))
        .contains("https://x.okta.com/api/v1/logs?after=2");
    assertThat(
            CollectorHttp.nextLink(
                List.of(
                    "<https://api.github.com/a?after=1>; rel=\"prev\","
                        + " <https://api.github.com/a?after=3>; rel=\"next\", <https://api.github.com/a>; rel=\"first\"")))
        .contains("https://api.github.com/a?after=3");
    assertThat(CollectorHttp.nextLink(List.of("<https://x/a>; rel=\"self\""))).isEmpty();
    assertThat(CollectorHttp.nextLink(List.of())).isEmpty();
  }

  @Test
  void readsRetryAfterAsSecondsOrAnHttpDate() {
    assertThat(CollectorHttp.retryAfter("120", CLOCK)).contains(Duration.ofSeconds(120));
    assertThat(CollectorHttp.retryAfter("Sun, 01 Mar 2026 12:00:45 GMT", CLOCK))
        .contains(Duration.ofSeconds(45));
    assertThat(CollectorHttp.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", CLOCK))
        .contains(Duration.ZERO);
    assertThat(CollectorHttp.retryAfter("soon", CLOCK)).isEmpty();
    assertThat(CollectorHttp.retryAfter(null, CLOCK)).isEmpty();
  }

  @Property
  void retryAfterNeverThrowsNorGoesNegative(@ForAll String value) {
    Optional<Duration> d = CollectorHttp.retryAfter(value, CLOCK);
    d.ifPresent(x -> assertThat(x.isNegative()).isFalse());
  }

  @Property
  void nextLinkNeverThrows(@ForAll String header) {
    CollectorHttp.nextLink(List.of(header));
  }

  @Test
  void sameOriginComparesSchemeHostAndPort() {
    URI base = URI.create("https://acme.okta.com");
    assertThat(CollectorHttp.sameOrigin(base, URI.create("https://ACME.okta.com/api/v1/logs")))
        .isTrue();
    assertThat(CollectorHttp.sameOrigin(base, URI.create("http://acme.okta.com/x"))).isFalse();
    assertThat(CollectorHttp.sameOrigin(base, URI.create("https://acme.okta.com:8443/x")))
        .isFalse();
    assertThat(CollectorHttp.sameOrigin(base, URI.create("https://evil.com/x"))).isFalse();
  }

  @Test
  void aBaseUrlMustBeHttpsUnlessPrivateAddressesAreAllowed() {
    assertThatThrownBy(() -> CollectorHttp.base("okta-collector", "http://x.okta.com", false))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("https");
    assertThat(CollectorHttp.base("okta-collector", "http://127.0.0.1:8080/", true))
        .isEqualTo(URI.create("http://127.0.0.1:8080"));
  }

  @Test
  void aBaseUrlOnAnInternalAddressIsRefusedUnlessPrivateAddressesAreAllowed() {
    for (String url :
        List.of(
            "https://127.0.0.1:8443",
            "https://10.1.2.3/api",
            "https://169.254.169.254",
            "https://[::1]")) {
      assertThatThrownBy(() -> CollectorHttp.base("okta-collector", url, false))
          .as(url)
          .isInstanceOfSatisfying(
              MantissaException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
          .hasMessageContaining("private, loopback or link-local");
      assertThat(CollectorHttp.base("okta-collector", url, true)).isEqualTo(URI.create(url));
    }
    // names are not resolved at configuration time (no network needed); requests check them
    assertThat(CollectorHttp.base("okta-collector", "https://acme.okta.com/", false))
        .isEqualTo(URI.create("https://acme.okta.com"));
  }

  @Test
  void aRequestToANameThatResolvesInternallyIsRefusedBeforeItIsSent() {
    DestinationGuard.Resolver internal =
        host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})};
    CollectorHttp http =
        new CollectorHttp(
            CollectorHttp.newClient(Duration.ofSeconds(1)),
            Duration.ofSeconds(1),
            CLOCK,
            false,
            internal);
    assertThatThrownBy(
            () ->
                http.get(
                    "okta-collector",
                    URI.create("https://acme.okta.example/api/v1/logs"),
                    Map.of("Authorization", "SSWS secret-token"),
                    null))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
              assertThat(e.getCause()).isNull();
            })
        .hasMessageContaining("acme.okta.example resolves to a private")
        .hasMessageNotContaining("secret-token");

    DestinationGuard.Resolver none =
        host -> {
          throw new UnknownHostException(host);
        };
    CollectorHttp later =
        new CollectorHttp(
            CollectorHttp.newClient(Duration.ofSeconds(1)),
            Duration.ofSeconds(1),
            CLOCK,
            false,
            none);
    assertThatThrownBy(
            () ->
                later.get(
                    "okta-collector", URI.create("https://acme.okta.example/x"), Map.of(), null))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.getCause()).isInstanceOf(RetryableFailure.class))
        .hasMessageContaining("cannot resolve acme.okta.example");
  }

  @Test
  void backoffDoublesUpToTheCapWithJitterBetweenHalfAndAll() {
    RetryPolicy p =
        new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1));
    assertThat(p.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.backoff(1, 0.999)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(p.backoff(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoff(10, 0.0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoff(60, 0.5)).isEqualTo(Duration.ofMillis(7500));
  }
}
