package io.mantissa.nlq.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.mantissa.api.config.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link HttpClientBuilder} every provider's model is built with. Its clients mask the
 * provider's secrets in the body of an HTTP error before anything (LangChain4j's retry log, the
 * exception chain) can see it, and can set extra headers on every request, replacing any header of
 * the same name (Vertex AI sends its bearer token this way through the Gemini client).
 */
final class GuardedHttpClientBuilder implements HttpClientBuilder {
  private final HttpClientBuilder delegate;
  private final List<Secret> secrets;
  private final Map<String, Supplier<String>> headers = new LinkedHashMap<>();

  /**
   * @param secrets the provider's secrets; read when an error occurs, so it may still grow
   */
  GuardedHttpClientBuilder(HttpClientBuilder delegate, List<Secret> secrets) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  /** Sets {@code header} on every request to the value {@code value} gives at that time. */
  GuardedHttpClientBuilder withHeader(String header, Supplier<String> value) {
    headers.put(Objects.requireNonNull(header, "header"), Objects.requireNonNull(value, "value"));
    return this;
  }

  @Override
  public Duration connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public GuardedHttpClientBuilder connectTimeout(Duration timeout) {
    delegate.connectTimeout(timeout);
    return this;
  }

  @Override
  public Duration readTimeout() {
    return delegate.readTimeout();
  }

  @Override
  public GuardedHttpClientBuilder readTimeout(Duration timeout) {
    delegate.readTimeout(timeout);
    return this;
  }

  @Override
  public HttpClient build() {
    HttpClient client = delegate.build();
    return new HttpClient() {
      @Override
      public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
          return client.execute(withHeaders(request));
        } catch (HttpException e) {
          throw new HttpException(e.statusCode(), LlmFailures.mask(e.getMessage(), secrets));
        }
      }

      @Override
      public void execute(
          HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        // Streaming is not used by Mantissa; requests still get the headers.
        client.execute(withHeaders(request), parser, listener);
      }
    };
  }

  private HttpRequest withHeaders(HttpRequest request) {
    if (headers.isEmpty()) {
      return request;
    }
    Map<String, List<String>> all = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                all.put(name, values);
              }
            });
    headers.forEach((name, value) -> all.put(name, List.of(value.get())));
    return HttpRequest.builder()
        .method(request.method())
        .url(request.url())
        .headers(all)
        .body(request.body())
        .build();
  }
}
