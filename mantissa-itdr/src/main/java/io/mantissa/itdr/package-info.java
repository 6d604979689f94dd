/**
 * Identity threat detection: {@link io.mantissa.itdr.IdentityEventReader} reads identity events
 * from OCSF-normalized events, {@link io.mantissa.itdr.IdentityDetection} runs the {@link
 * io.mantissa.itdr.Detector}s over them in event-time order and answers {@link
 * io.mantissa.itdr.Finding}s; thresholds in {@link io.mantissa.itdr.ItdrSettings}. Baselines,
 * sessions, kill chain and risk scores beyond this are later work (see docs/itdr.md).
 */
package io.mantissa.itdr;
