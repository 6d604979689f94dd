/**
 * Response automation: real response actions against identity providers (Okta, Microsoft Entra ID
 * through Microsoft Graph, Google Workspace through the Admin SDK Directory API) behind the {@link
 * io.mantissa.spi.response.ResponseAction} SPI, and the {@link io.mantissa.soar.ResponseTrigger}
 * that runs them for matching alerts, once per request, with an append-only audit log in the {@link
 * io.mantissa.spi.state.StateStore}.
 */
package io.mantissa.soar;
