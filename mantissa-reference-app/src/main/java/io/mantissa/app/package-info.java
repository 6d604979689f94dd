/** The ready-to-run SIEM: CLI, HTTP API and wiring from mantissa.yaml. */
package io.mantissa.app;
