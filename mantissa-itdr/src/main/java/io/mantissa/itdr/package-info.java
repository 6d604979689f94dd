/**
 * Identity threat detection: {@link io.mantissa.itdr.IdentityEventReader} reads identity events
 * from OCSF-normalized events, {@link io.mantissa.itdr.IdentityDetection} runs the {@link
 * io.mantissa.itdr.Detector}s over them in event-time order and answers {@link
 * io.mantissa.itdr.Finding}s, comparing each event with the identity's baseline in the state store
 * before learning it ({@link io.mantissa.itdr.IdentityDetection#learn} bootstraps baselines from
 * history); thresholds in {@link io.mantissa.itdr.ItdrSettings}; kill-chain progression in {@link
 * io.mantissa.itdr.KillChainTracker}, risk scores in {@link io.mantissa.itdr.RiskScores} (see
 * docs/itdr.md).
 */
package io.mantissa.itdr;
