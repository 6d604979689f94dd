package io.mantissa.soar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.testkit.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The shared HTTP helpers: error texts, Retry-After, hints, path segments, the address check. */
class ActionHttpTest {
  private final MutableClock clock = MutableClock.create();
  private final ActionHttp http = new ActionHttp("test", Duration.ofSeconds(1), false, clock);

  private static JsonNode json(String s) throws Exception {
    return ActionHttp.MAPPER.readTree(s);
  }

  private static HttpHeaders headers(Map<String, String> h) {
    Map<String, List<String>> m = new HashMap<>();
    h.forEach((k, v) -> m.put(k, List.of(v)));
    return HttpHeaders.of(m, (a, b) -> true);
  }

  @Test
  void errorTextOfEachVendor() throws Exception {
    assertThat(
            ActionHttp.errorText(
                json(
                    "{\"errorCode\":\"E0000007\",\"errorSummary\":\"Not found: Resource not found\"}")))
        .isEqualTo("E0000007 Not found: Resource not found");
    assertThat(
            ActionHttp.errorText(
                json(
                    "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"Resource 'x'"
                        + " does not exist\"}}")))
        .isEqualTo("Request_ResourceNotFound Resource 'x' does not exist");
    assertThat(
            ActionHttp.errorText(
                json(
                    "{\"error\":{\"code\":403,\"message\":\"Rate\","
                        + "\"errors\":[{\"reason\":\"userRateLimitExceeded\"}]}}")))
        .isEqualTo("403 userRateLimitExceeded Rate");
    assertThat(
            ActionHttp.errorText(
                json("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT\"}")))
        .isEqualTo("invalid_grant Invalid JWT");
    assertThat(ActionHttp.errorText(json("{\"ok\":true}"))).isEmpty();
    assertThat(ActionHttp.errorText(json("{\"errorSummary\":\"" + "x".repeat(1000) + "\"}")))
        .hasSizeLessThan(310);
  }

  @Test
  void retryAfterInSecondsAsADateOrAsOktasReset() {
    assertThat(http.retryAfter(headers(Map.of("Retry-After", "12"))))
        .contains(Duration.ofSeconds(12));
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(75).atZone(ZoneOffset.UTC));
    assertThat(http.retryAfter(headers(Map.of("Retry-After", date))))
        .contains(Duration.ofSeconds(75));
    assertThat(
            http.retryAfter(
                headers(
                    Map.of(
                        "X-Rate-Limit-Reset",
                        Long.toString(clock.instant().plusSeconds(9).getEpochSecond())))))
        .contains(Duration.ofSeconds(9));
    assertThat(http.retryAfter(headers(Map.of("Retry-After", "soon")))).isEmpty();
    assertThat(http.retryAfter(headers(Map.of()))).isEmpty();
  }

  @Property
  void aHintReadsBackAsTheWaitRoundedUp(@ForAll @LongRange(min = 0, max = 10_000_000) long millis) {
    Duration d = Duration.ofMillis(millis);
    Duration back = ActionHttp.hinted("vendor said no; " + ActionHttp.hint(d)).orElseThrow();
    assertThat(back).isGreaterThanOrEqualTo(d).isLessThan(d.plusSeconds(1));
  }

  @Property
  void aSegmentDecodesBackAndHasNoSeparators(@ForAll String s) {
    String well =
        s.codePoints()
            .filter(c -> c < 0xD800 || c > 0xDFFF)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    String seg = ActionHttp.segment(well);
    assertThat(seg).doesNotContain("/", "?", "#", " ", "+");
    assertThat(URLDecoder.decode(seg, StandardCharsets.UTF_8)).isEqualTo(well);
  }

  @Test
  void baseUrlsAreCheckedAndTrimmed() {
    assertThat(ActionHttp.base("https://example.okta.com//")).isEqualTo("https://example.okta.com");
    assertThatThrownBy(() -> ActionHttp.base("example.okta.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ActionHttp.base("ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusedEndpointsAreFailuresWithoutARequest() {
    // the address rule itself is io.mantissa.spi.net.DestinationGuard's (tested in mantissa-api)
    assertThat(http.send("GET", URI.create("http://8.8.8.8/"), Map.of(), null))
        .isEqualTo(
            new ActionHttp.Reply.Unreachable(
                new ActionResult.PermanentFailure(
                    "test: only https destinations are allowed, not 'http'"
                        + " (http only with allow-private-addresses)")));
    for (String internal :
        new String[] {"https://10.0.0.5/", "https://169.254.169.254/", "https://[::1]:8443/"}) {
      assertThat(http.send("GET", URI.create(internal), Map.of(), null))
          .as(internal)
          .isInstanceOfSatisfying(
              ActionHttp.Reply.Unreachable.class,
              u ->
                  assertThat(u.failure())
                      .isInstanceOfSatisfying(
                          ActionResult.PermanentFailure.class,
                          f -> assertThat(f.reason()).contains("private, loopback or link-local")));
    }
  }
}
