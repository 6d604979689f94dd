/** Response playbooks, approvals, the audit log and response actions. */
package io.mantissa.soar;
