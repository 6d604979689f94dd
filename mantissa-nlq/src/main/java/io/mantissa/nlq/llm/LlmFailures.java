package io.mantissa.nlq.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;

/**
 * Turns whatever a model call throws into a {@link MantissaException} that names the provider and
 * model, says what went wrong in words (credentials, rate limit, server error, timeout, ...),
 * quotes the vendor's own error message, and never contains a secret: every known secret is masked,
 * and the original exception is kept as the cause only when no secret appears anywhere in it.
 */
final class LlmFailures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL = 300;

  private LlmFailures() {}

  static MantissaException map(
      RuntimeException error, String provider, String model, List<Secret> secrets) {
    if (error instanceof MantissaException m) {
      return m;
    }
    String who = "LLM provider '" + provider + "' (model '" + model + "')";
    String message;
    ErrorCode code = ErrorCode.REMOTE_FAILURE;
    HttpException http = find(error, HttpException.class);
    if (http != null) {
      int status = http.statusCode();
      String what;
      if (status == 401 || status == 403) {
        what =
            "rejected the credentials (HTTP "
                + status
                + "); check the API key or token in mantissa.providers."
                + provider;
      } else if (status == 404) {
        what = "does not know the model or deployment (HTTP 404)";
      } else if (status == 429) {
        what = "refused the call: rate limit or quota exceeded (HTTP 429); try again later";
      } else if (status >= 500) {
        what = "failed with a server error (HTTP " + status + ")";
      } else {
        what = "refused the request (HTTP " + status + ")";
      }
      message = who + " " + what + detail(http.getMessage());
    } else if (find(error, HttpTimeoutException.class) != null
        || find(error, dev.langchain4j.exception.TimeoutException.class) != null) {
      message = who + " did not answer in time (see mantissa.providers." + provider + ".timeout)";
    } else if (find(error, ConnectException.class) != null
        || find(error, UnresolvedAddressException.class) != null
        || find(error, dev.langchain4j.exception.UnresolvedModelServerException.class) != null) {
      message = who + " could not be reached (check mantissa.providers." + provider + ".base-url)";
    } else if (find(error, UnsupportedFeatureException.class) != null) {
      code = ErrorCode.INVALID_ARGUMENT;
      message = who + " does not support this request: " + error.getMessage();
    } else {
      message =
          who + " call failed: " + error.getClass().getSimpleName() + detail(error.getMessage());
    }
    message = mask(message, secrets);
    return containsSecret(error, secrets)
        ? new MantissaException(code, message)
        : new MantissaException(code, message, error);
  }

  /** The vendor's own error text: the {@code message} of a JSON error body, or the body itself. */
  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip();
    try {
      JsonNode node = JSON.readTree(text);
      JsonNode error = node.path("error");
      if (error.isTextual()) {
        text = error.asText();
      } else if (error.path("message").isTextual()) {
        text = error.path("message").asText();
      } else if (node.path("message").isTextual()) {
        text = node.path("message").asText();
      } else if (node.path("Message").isTextual()) {
        text = node.path("Message").asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // keep the raw text
    }
    text = text.replaceAll("\\s+", " ");
    if (text.length() > MAX_DETAIL) {
      text = text.substring(0, MAX_DETAIL) + "...";
    }
    return ": " + text;
  }

  /** {@code text} with every secret replaced by {@code ****}; {@code null} stays {@code null}. */
  static String mask(String text, List<Secret> secrets) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (Secret s : secrets) {
      if (!s.reveal().isEmpty()) {
        masked = masked.replace(s.reveal(), "****");
      }
    }
    return masked;
  }

  private static boolean containsSecret(Throwable error, List<Secret> secrets) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String all = trace.toString();
    return secrets.stream().anyMatch(s -> !s.reveal().isEmpty() && all.contains(s.reveal()));
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
