/**
 * Scheduled detection: Sigma rules and count correlations run as SQL on a {@link
 * io.mantissa.spi.query.QueryBackend}, incrementally, with a watermark per rule and a dedup window
 * in a {@link io.mantissa.spi.state.StateStore} ({@link
 * io.mantissa.sigma.schedule.ScheduledDetection}).
 */
package io.mantissa.sigma.schedule;
