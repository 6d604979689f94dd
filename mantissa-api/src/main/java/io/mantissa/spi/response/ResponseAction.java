package io.mantissa.spi.response;

/** A real action against an identity provider, a cloud or a ticketing system. */
public interface ResponseAction {

  /** The action name, such as {@code okta.suspend_user}. */
  String name();

  /** Carries out the request; failures come back as results. */
  ActionResult execute(ActionRequest request);
}
