package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.AlertSinkProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sink providers found through {@link java.util.ServiceLoader}, one per kind, configured from
 * {@code mantissa.providers.<kind>.<key>} settings (in {@code mantissa.yaml} or {@code
 * MANTISSA_PROVIDERS_<KIND>__<KEY>} environment variables, where secrets belong).
 *
 * <p>Keys every kind understands: {@code name} (default: the kind), {@code timeout-seconds}
 * (default 10; 30 for {@code email}), {@code allow-private-addresses} ({@code false}). Per kind:
 *
 * <ul>
 *   <li>{@code webhook}: {@code url}, {@code secret}
 *   <li>{@code slack}: {@code webhook-url}, or {@code bot-token} and {@code channel} for {@code
 *       chat.postMessage}
 *   <li>{@code pagerduty}: {@code routing-key}, optional {@code url}, {@code client-url}
 *   <li>{@code teams}: {@code webhook-url}, optional {@code alert-url}
 *   <li>{@code jira}: {@code url}, {@code email}, {@code api-token}, {@code project-key}, optional
 *       {@code issue-type}
 *   <li>{@code servicenow}: {@code url}, {@code user}, {@code password}, optional {@code
 *       assignment-group}
 *   <li>{@code email}: {@code host}, {@code port} (587), {@code tls} ({@code starttls-required},
 *       {@code implicit}, {@code none}), optional {@code username} and {@code password}, {@code
 *       from}, {@code to} (comma-separated), optional {@code subject-prefix}
 *   <li>{@code ses}: {@code region}, {@code access-key-id}, {@code secret-access-key}, optional
 *       {@code session-token}, {@code from}, {@code to} (comma-separated), optional {@code
 *       subject-prefix}, {@code configuration-set}
 * </ul>
 *
 * One instance per kind comes from configuration; build more in code.
 */
public final class AlertSinkProviders {
  private AlertSinkProviders() {}

  /** Reads one provider's settings, naming the full key in errors. */
  record Settings(String kind, Map<String, String> values) {
    String required(String key) {
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "'" + kind + "' needs mantissa.providers." + kind + "." + key);
      }
      return v.trim();
    }

    String optional(String key, String fallback) {
      String v = values.get(key);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** Gives {@code use} the value of {@code key} when it is set (not blank). */
    void ifPresent(String key, Consumer<String> use) {
      String v = optional(key, null);
      if (v != null) {
        use.accept(v);
      }
    }

    /** Gives {@code use} each non-blank item of the comma-separated list under {@code key}. */
    void eachOf(String key, Consumer<String> use) {
      for (String item : required(key).split(",")) {
        if (!item.isBlank()) {
          use.accept(item.trim());
        }
      }
    }

    Secret secret(String key) {
      return Secret.of(required(key));
    }

    <B extends HttpSinkBuilder<B>> B common(B builder, ProviderContext context) {
      builder.name(optional("name", kind)).clock(context.clock());
      builder.timeout(Duration.ofSeconds(integer("timeout-seconds", 10)));
      builder.allowPrivateAddresses(bool("allow-private-addresses"));
      return builder;
    }

    int integer(String key, int fallback) {
      String v = optional(key, Integer.toString(fallback));
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers." + kind + "." + key + " must be a number, was '" + v + "'");
      }
    }

    boolean bool(String key) {
      String v = optional(key, "false").toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers." + kind + "." + key + " must be true or false, was '" + v + "'");
      }
      return v.equals("true");
    }
  }

  private static Settings settings(String kind, ProviderContext context) {
    return new Settings(kind, context.settings());
  }

  /** {@code webhook}: {@link WebhookSink}. */
  public static final class Webhook implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Webhook() {}

    @Override
    public String name() {
      return "webhook";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      return s.common(WebhookSink.builder(), context)
          .url(s.required("url"))
          .secret(s.secret("secret"))
          .build();
    }
  }

  /** {@code slack}: {@link SlackSink}. */
  public static final class Slack implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Slack() {}

    @Override
    public String name() {
      return "slack";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      SlackSink.Builder b = s.common(SlackSink.builder(), context);
      if (s.optional("bot-token", null) != null) {
        b.botToken(s.secret("bot-token")).channel(s.required("channel"));
        s.ifPresent("url", b::url);
        return b.build();
      }
      return b.webhookUrl(s.secret("webhook-url")).build();
    }
  }

  /** {@code pagerduty}: {@link PagerDutySink}. */
  public static final class PagerDuty implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public PagerDuty() {}

    @Override
    public String name() {
      return "pagerduty";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      PagerDutySink.Builder b =
          s.common(PagerDutySink.builder(), context)
              .routingKey(s.secret("routing-key"))
              .url(s.optional("url", PagerDutySink.EVENTS_URL));
      s.ifPresent("client-url", b::clientUrl);
      return b.build();
    }
  }

  /** {@code teams}: {@link TeamsSink}. */
  public static final class Teams implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Teams() {}

    @Override
    public String name() {
      return "teams";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      TeamsSink.Builder b =
          s.common(TeamsSink.builder(), context).webhookUrl(s.secret("webhook-url"));
      s.ifPresent("alert-url", b::alertUrl);
      return b.build();
    }
  }

  /** {@code jira}: {@link JiraSink}. */
  public static final class Jira implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Jira() {}

    @Override
    public String name() {
      return "jira";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      return s.common(JiraSink.builder(), context)
          .url(s.required("url"))
          .email(s.required("email"))
          .apiToken(s.secret("api-token"))
          .projectKey(s.required("project-key"))
          .issueType(s.optional("issue-type", "Task"))
          .build();
    }
  }

  /** {@code servicenow}: {@link ServiceNowSink}. */
  public static final class ServiceNow implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public ServiceNow() {}

    @Override
    public String name() {
      return "servicenow";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      ServiceNowSink.Builder b =
          s.common(ServiceNowSink.builder(), context)
              .url(s.required("url"))
              .user(s.required("user"))
              .password(s.secret("password"));
      s.ifPresent("assignment-group", b::assignmentGroup);
      return b.build();
    }
  }

  /** {@code email}: {@link EmailSink}. */
  public static final class Email implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Email() {}

    @Override
    public String name() {
      return "email";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      String tls =
          s.optional("tls", "starttls-required").toUpperCase(Locale.ROOT).replace('-', '_');
      EmailSink.Tls mode;
      try {
        mode = EmailSink.Tls.valueOf(tls);
      } catch (IllegalArgumentException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.email.tls must be starttls-required, implicit or none");
      }
      EmailSink.Builder b =
          EmailSink.builder()
              .name(s.optional("name", name()))
              .server(s.required("host"), s.integer("port", 587))
              .tls(mode)
              .from(s.required("from"))
              .subjectPrefix(s.optional("subject-prefix", ""))
              .timeout(Duration.ofSeconds(s.integer("timeout-seconds", 30)))
              .clock(context.clock())
              .allowPrivateAddresses(s.bool("allow-private-addresses"));
      s.eachOf("to", b::to);
      s.ifPresent("username", user -> b.credentials(user, s.secret("password")));
      return b.build();
    }
  }

  /** {@code ses}: {@link SesSink}. */
  public static final class Ses implements AlertSinkProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Ses() {}

    @Override
    public String name() {
      return "ses";
    }

    @Override
    public AlertSink create(ProviderContext context) {
      Settings s = settings(name(), context);
      SesSink.Builder b =
          s.common(SesSink.builder(), context)
              .region(s.required("region"))
              .credentials(s.required("access-key-id"), s.secret("secret-access-key"))
              .from(s.required("from"))
              .subjectPrefix(s.optional("subject-prefix", ""));
      s.eachOf("to", b::to);
      s.ifPresent("session-token", token -> b.sessionToken(Secret.of(token)));
      s.ifPresent("configuration-set", b::configurationSet);
      s.ifPresent("url", b::url);
      return b.build();
    }
  }
}
