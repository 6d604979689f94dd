/**
 * The rule authors' test harness: {@link io.mantissa.sigma.test.RuleTests} loads a folder of Sigma
 * rules with their test files ({@code <rule>.tests.yml}: events that must match, events that must
 * not, and timed sequences for correlation rules), runs every test with the in-memory evaluator and
 * the {@link io.mantissa.sigma.CorrelationEngine}, and returns a {@link
 * io.mantissa.sigma.test.RuleTestReport} that says, for each failure, which event, what was
 * expected and what happened. The format is described in docs/rule-authoring.md.
 */
package io.mantissa.sigma.test;
