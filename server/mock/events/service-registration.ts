/**
 * Nomad-native service registrations (`structs.ServiceRegistration`): what a client writes
 * when an allocation with a `provider = "nomad"` service starts, and removes when it stops.
 * They exist in the mock so the `Service` topic carries real store changes.
 */
export interface ServiceRegistrationWire {
  Address: string;
  AllocID: string;
  CreateIndex: number;
  Datacenter: string;
  ID: string;
  JobID: string;
  ModifyIndex: number;
  Namespace: string;
  NodeID: string;
  Port: number;
  ServiceName: string;
  Tags: string[] | null;
}

/** The client's registration ID: `_nomad-task-<alloc>-<group>-<task>-<service>-<port label>`. */
export function serviceRegistrationId(
  allocId: string,
  group: string,
  task: string,
  service: string,
  portLabel: string,
): string {
  return `_nomad-task-${allocId}-${group}-${task}-${service}-${portLabel}`;
}
