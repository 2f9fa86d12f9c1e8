import { describe, expect, it } from 'vitest';
import { BexprEvalError, BexprSyntaxError, compileBexpr } from './bexpr.ts';

const alloc = {
  ClientStatus: 'running',
  JobID: 'web-frontend',
  Namespace: 'prod',
  ModifyIndex: 42,
  DesiredTransition: { Migrate: null },
  TaskStates: { nginx: { State: 'running', Restarts: 2 } },
  PreemptedAllocations: null,
  Job: { Type: 'service', Datacenters: ['dc1', 'dc2'] },
};

describe('go-bexpr subset', () => {
  it.each([
    ['ClientStatus == "running"', true],
    ['ClientStatus != "running"', false],
    ['ClientStatus == `running` and Namespace == "prod"', true],
    ['ClientStatus == "failed" or Job.Type == "service"', true],
    ['not (ClientStatus == "running")', false],
    ['TaskStates.nginx.State == "running"', true],
    ['TaskStates.nginx.Restarts == 2', true],
    ['ModifyIndex == 42', true],
    ['"dc2" in Job.Datacenters', true],
    ['"dc3" not in Job.Datacenters', true],
    ['JobID contains "front"', true],
    ['JobID not contains "back"', true],
    ['JobID matches "^web-"', true],
    ['PreemptedAllocations is empty', true],
    ['TaskStates is not empty', true],
    ['DesiredTransition.Migrate == true', false],
  ])('%s → %s', (filter, expected) => {
    expect(compileBexpr(filter)(alloc)).toBe(expected);
  });

  it('refuses bad syntax and unknown selectors', () => {
    expect(() => compileBexpr('ClientStatus = "x"')).toThrow(BexprSyntaxError);
    expect(() => compileBexpr('ClientStatus == "x" and')).toThrow(BexprSyntaxError);
    expect(() => compileBexpr('(ClientStatus == "x"')).toThrow(BexprSyntaxError);
    expect(() => compileBexpr('Nope == "x"')(alloc)).toThrow(BexprEvalError);
    expect(() => compileBexpr('Nope == "x"')(alloc)).toThrow(
      'error finding value in datum: /Nope at part 0: couldn\'t find key: struct field with name "Nope"',
    );
  });
});
