package io.mantissa.soar;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.response.ResponseAction;
import io.mantissa.spi.response.ResponseActionProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The response actions as {@link ResponseActionProvider}s found through {@link
 * java.util.ServiceLoader}, one per action name ({@code okta.suspend_user}, ...). Configuration
 * keys cannot hold a dot in the provider name, so every action of a vendor reads the vendor's
 * settings, {@code mantissa.providers.<vendor>.<key>} (environment {@code
 * MANTISSA_PROVIDERS_<VENDOR>__<KEY>}): give the provider those settings in its {@link
 * ProviderContext}, as {@link #create} does.
 *
 * <p>Keys every vendor understands: {@code url}, {@code timeout-seconds} (default 10), {@code
 * allow-private-addresses} ({@code false}). Per vendor:
 *
 * <ul>
 *   <li>{@code okta}: {@code url} (the org URL, required), {@code api-token}
 *   <li>{@code entra}: {@code tenant-id}, {@code client-id} and {@code client-secret}
 *       (client-credentials grant), or a fixed {@code access-token}; optional {@code url} and
 *       {@code login-url} (national clouds)
 *   <li>{@code google_workspace}: {@code client-email}, {@code private-key} (PKCS#8 PEM) and {@code
 *       subject} (the administrator to act as) of a service account with domain-wide delegation, or
 *       a fixed {@code access-token}; optional {@code url} and {@code token-url}
 * </ul>
 *
 * <p>The {@code okta} and {@code entra} settings are the same ones the alerting module's directory
 * lookups read, so one credential serves both; it then needs the write permissions listed in {@link
 * OktaActions}, {@link EntraActions} and {@link GoogleWorkspaceActions}.
 */
public final class ResponseActionProviders {
  private ResponseActionProviders() {}

  /**
   * The vendor whose settings an action reads: the part of its name before the first dot ({@code
   * okta} for {@code okta.suspend_user}).
   */
  public static String vendorOf(String actionName) {
    int dot = actionName.indexOf('.');
    return dot <= 0 ? actionName : actionName.substring(0, dot);
  }

  /**
   * Creates the action {@code actionName} from the providers {@link java.util.ServiceLoader} finds,
   * with the settings of its vendor in {@code config}.
   *
   * @throws MantissaException {@code UNKNOWN_PROVIDER} for an unknown name, {@code CONFIG_INVALID}
   *     for missing or bad settings
   */
  public static ResponseAction create(String actionName, MantissaConfig config, Clock clock) {
    ProviderRegistry<ResponseActionProvider> registry =
        ProviderRegistry.load(ResponseActionProvider.class);
    return registry
        .get(actionName)
        .create(new ProviderContext(config, clock, config.providerSettings(vendorOf(actionName))));
  }

  /** Reads one vendor's settings, naming the full key in errors. */
  record Settings(String vendor, Map<String, String> values) {
    String required(String key) {
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "'" + vendor + "' response actions need mantissa.providers." + vendor + "." + key);
      }
      return v.trim();
    }

    String optional(String key) {
      String v = values.get(key);
      return v == null || v.isBlank() ? null : v.trim();
    }

    Secret secret(String key) {
      return Secret.of(required(key));
    }

    <B extends ActionClientBuilder<B>> B common(B builder, ProviderContext context) {
      String url = optional("url");
      if (url != null) {
        builder.url(url);
      }
      String timeout = values.getOrDefault("timeout-seconds", "10").trim();
      try {
        builder.timeout(Duration.ofSeconds(Long.parseLong(timeout)));
      } catch (NumberFormatException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers."
                + vendor
                + ".timeout-seconds must be a number, was '"
                + timeout
                + "'");
      }
      String allow = values.getOrDefault("allow-private-addresses", "false").trim();
      if (!allow.equalsIgnoreCase("true") && !allow.equalsIgnoreCase("false")) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers."
                + vendor
                + ".allow-private-addresses must be true or false, was '"
                + allow
                + "'");
      }
      return builder
          .clock(context.clock())
          .allowPrivateAddresses(allow.toLowerCase(Locale.ROOT).equals("true"));
    }
  }

  static OktaActions okta(ProviderContext context) {
    Settings s = new Settings(OktaActions.VENDOR, context.settings());
    s.required("url");
    return s.common(OktaActions.builder(), context).apiToken(s.secret("api-token")).build();
  }

  static EntraActions entra(ProviderContext context) {
    Settings s = new Settings(EntraActions.VENDOR, context.settings());
    EntraActions.Builder b = s.common(EntraActions.builder(), context);
    if (s.optional("client-id") != null) {
      b.clientCredentials(
          s.required("tenant-id"), s.required("client-id"), s.secret("client-secret"));
      String login = s.optional("login-url");
      if (login != null) {
        b.loginUrl(login);
      }
    } else {
      b.accessToken(s.secret("access-token"));
    }
    return b.build();
  }

  static GoogleWorkspaceActions googleWorkspace(ProviderContext context) {
    Settings s = new Settings(GoogleWorkspaceActions.VENDOR, context.settings());
    GoogleWorkspaceActions.Builder b = s.common(GoogleWorkspaceActions.builder(), context);
    if (s.optional("client-email") != null) {
      b.serviceAccount(s.required("client-email"), s.secret("private-key"), s.required("subject"));
      String tokenUrl = s.optional("token-url");
      if (tokenUrl != null) {
        b.tokenUrl(tokenUrl);
      }
    } else {
      b.accessToken(s.secret("access-token"));
    }
    return b.build();
  }

  /** A provider of one named action. */
  abstract static class Named implements ResponseActionProvider {
    private final String name;
    private final Function<ProviderContext, ResponseAction> factory;

    Named(String name, Function<ProviderContext, ResponseAction> factory) {
      this.name = name;
      this.factory = factory;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final ResponseAction create(ProviderContext context) {
      return factory.apply(Objects.requireNonNull(context, "context"));
    }
  }

  /** {@value OktaActions#CLEAR_SESSIONS}. */
  public static final class OktaClearSessions extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public OktaClearSessions() {
      super(OktaActions.CLEAR_SESSIONS, c -> okta(c).clearSessions());
    }
  }

  /** {@value OktaActions#REVOKE_TOKENS}. */
  public static final class OktaRevokeTokens extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public OktaRevokeTokens() {
      super(OktaActions.REVOKE_TOKENS, c -> okta(c).revokeTokens());
    }
  }

  /** {@value OktaActions#SUSPEND_USER}. */
  public static final class OktaSuspendUser extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public OktaSuspendUser() {
      super(OktaActions.SUSPEND_USER, c -> okta(c).suspendUser());
    }
  }

  /** {@value OktaActions#EXPIRE_PASSWORD}. */
  public static final class OktaExpirePassword extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public OktaExpirePassword() {
      super(OktaActions.EXPIRE_PASSWORD, c -> okta(c).expirePassword());
    }
  }

  /** {@value OktaActions#RESET_PASSWORD}. */
  public static final class OktaResetPassword extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public OktaResetPassword() {
      super(OktaActions.RESET_PASSWORD, c -> okta(c).resetPassword());
    }
  }

  /** {@value EntraActions#REVOKE_SESSIONS}. */
  public static final class EntraRevokeSessions extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public EntraRevokeSessions() {
      super(EntraActions.REVOKE_SESSIONS, c -> entra(c).revokeSessions());
    }
  }

  /** {@value EntraActions#DISABLE_USER}. */
  public static final class EntraDisableUser extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public EntraDisableUser() {
      super(EntraActions.DISABLE_USER, c -> entra(c).disableUser());
    }
  }

  /** {@value EntraActions#FORCE_PASSWORD_RESET}. */
  public static final class EntraForcePasswordReset extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public EntraForcePasswordReset() {
      super(EntraActions.FORCE_PASSWORD_RESET, c -> entra(c).forcePasswordReset());
    }
  }

  /** {@value GoogleWorkspaceActions#SIGN_OUT}. */
  public static final class GoogleWorkspaceSignOut extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public GoogleWorkspaceSignOut() {
      super(GoogleWorkspaceActions.SIGN_OUT, c -> googleWorkspace(c).signOut());
    }
  }

  /** {@value GoogleWorkspaceActions#REVOKE_TOKENS}. */
  public static final class GoogleWorkspaceRevokeTokens extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public GoogleWorkspaceRevokeTokens() {
      super(GoogleWorkspaceActions.REVOKE_TOKENS, c -> googleWorkspace(c).revokeTokens());
    }
  }

  /** {@value GoogleWorkspaceActions#SUSPEND_USER}. */
  public static final class GoogleWorkspaceSuspendUser extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public GoogleWorkspaceSuspendUser() {
      super(GoogleWorkspaceActions.SUSPEND_USER, c -> googleWorkspace(c).suspendUser());
    }
  }

  /** {@value GoogleWorkspaceActions#FORCE_PASSWORD_RESET}. */
  public static final class GoogleWorkspaceForcePasswordReset extends Named {
    /** For {@link java.util.ServiceLoader}. */
    public GoogleWorkspaceForcePasswordReset() {
      super(
          GoogleWorkspaceActions.FORCE_PASSWORD_RESET,
          c -> googleWorkspace(c).forcePasswordReset());
    }
  }
}
