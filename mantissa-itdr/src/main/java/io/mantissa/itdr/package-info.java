/** Identity threat detection: baselines, detectors, sessions, kill chain and risk scores. */
package io.mantissa.itdr;
