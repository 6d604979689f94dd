/**
 * A deterministic generator of synthetic security logs in the vendors' own formats, for demos,
 * tests and detection development: a configurable {@link
 * io.mantissa.sources.synthetic.Organization} over N days, ordinary background activity, and
 * injectable attack {@link io.mantissa.sources.synthetic.Scenario}s recorded in a ground-truth
 * file. See {@link io.mantissa.sources.synthetic.SyntheticDataGenerator}.
 */
package io.mantissa.sources.synthetic;
