import { describe, expect, it } from 'vitest';
import { diffRoster, type CurrentAgent } from './roster-diff.ts';

const agent = (over: Partial<CurrentAgent> & { id: string }): CurrentAgent => ({
  employeeId: null,
  email: `${over.id}@corp.example`,
  name: `Agent ${over.id}`,
  nameZh: `客服 ${over.id}`,
  languages: ['zh-CN'],
  skills: [],
  capacity: 200,
  active: true,
  ...over,
});
const row = (over: Record<string, unknown>) => ({ name: 'New Person', email: 'new@corp.example', languages: ['zh-CN'], skills: [], active: true, capacity: 200, ...over });

describe('diffRoster', () => {
  it('adds a new employee', () => {
    const d = diffRoster({ current: [], rows: [row({ employeeId: 'E1', email: 'e1@corp.example' })] });
    expect(d.create).toMatchObject([{ employeeId: 'E1', email: 'e1@corp.example', active: true }]);
    expect(d.skipped).toEqual([]);
  });

  it('updates what changed, and only that', () => {
    const current = [agent({ id: 'a1', employeeId: 'E1', email: 'e1@corp.example', name: 'Old Name', languages: ['zh-CN'] })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E1', email: 'e1@corp.example', name: 'New Name', languages: ['zh-CN', 'en'], capacity: 200 })] });
    expect(d.update).toMatchObject([{ id: 'a1', changes: ['name', 'languages'], reactivate: false }]);
    expect(d.create).toEqual([]);
  });

  it('leaves an agent whose row did not change', () => {
    const current = [agent({ id: 'a1', employeeId: 'E1', email: 'e1@corp.example', name: 'Same' })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E1', email: 'e1@corp.example', name: 'Same', nameZh: '客服 a1' })] });
    expect(d).toMatchObject({ create: [], update: [], deactivate: [], unchanged: 1 });
  });

  it('deactivates roster agents no longer present, and those marked inactive; never agents outside the roster', () => {
    const current = [
      agent({ id: 'gone', employeeId: 'E9' }),
      agent({ id: 'quit', employeeId: 'E2', email: 'e2@corp.example' }),
      agent({ id: 'demo', employeeId: null }),
      agent({ id: 'old', employeeId: 'E7', active: false }),
    ];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E2', email: 'e2@corp.example', active: 'no' })] });
    expect(d.deactivate.map((x) => x.id).sort()).toEqual(['gone', 'quit']);
  });

  it('brings back an inactive agent who is active on the roster again', () => {
    const current = [agent({ id: 'back', employeeId: 'E3', email: 'e3@corp.example', active: false })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E3', email: 'e3@corp.example', name: 'Agent back', nameZh: '客服 back' })] });
    expect(d.update).toMatchObject([{ id: 'back', changes: ['active'], reactivate: true }]);
  });

  it('adopts an agent created by hand with the same email', () => {
    const current = [agent({ id: 'hand', employeeId: null, email: 'hand@corp.example', name: 'Hand Made' })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E5', email: 'HAND@corp.example', name: 'Hand Made' })] });
    expect(d.update).toMatchObject([{ id: 'hand', employeeId: 'E5', changes: ['employeeId'] }]);
  });

  it('skips a row with a missing email, naming the employee id and the reason', () => {
    const d = diffRoster({ current: [], rows: [row({ employeeId: 'E1', email: undefined }), row({ employeeId: 'E2', email: 'e2@corp.example' })] });
    expect(d.skipped).toEqual([{ employeeId: 'E1', reason: 'email: is required' }]);
    expect(d.create.map((r) => r.employeeId)).toEqual(['E2']);
  });

  it.each([
    ['capacity', 'lots', 'capacity: must be a whole number'],
    ['capacity', 2.5, 'capacity: must be a whole number'],
    ['active', 'perhaps', 'active: must be true or false'],
    ['languages', 42, 'languages: must be a list (array, or words separated by ;)'],
    ['email', 'not-an-email', 'email: must be an email address'],
    ['name', ['x'], 'name: is required'],
  ])('skips a row with a wrong type: %s = %j', (field, value, reason) => {
    const d = diffRoster({ current: [], rows: [row({ employeeId: 'E1', email: 'e1@corp.example', [field]: value })] });
    expect(d.skipped).toEqual([{ employeeId: 'E1', reason }]);
    expect(d.create).toEqual([]);
  });

  it('reads CSV-style text values', () => {
    const d = diffRoster({ current: [], rows: [{ employeeId: '7', name: 'Text Row', email: 't@corp.example', languages: 'zh-CN; en', skills: 'billing|refunds', active: 'yes', capacity: '40' }] });
    expect(d.create).toEqual([{ employeeId: '7', name: 'Text Row', email: 't@corp.example', languages: ['zh-CN', 'en'], skills: ['billing', 'refunds'], active: true, capacity: 40 }]);
  });

  it('skips every row of a duplicated employee id, and does not deactivate that agent', () => {
    const current = [agent({ id: 'dup', employeeId: 'E4', email: 'e4@corp.example' })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E4', email: 'e4@corp.example' }), row({ employeeId: 'E4', email: 'other@corp.example' })] });
    expect(d.skipped).toEqual([
      { employeeId: 'E4', reason: 'duplicate employee id: it appears more than once in the roster' },
      { employeeId: 'E4', reason: 'duplicate employee id: it appears more than once in the roster' },
    ]);
    expect(d).toMatchObject({ create: [], update: [], deactivate: [] });
  });

  it('a bad row never deactivates its agent', () => {
    const current = [agent({ id: 'keep', employeeId: 'E6', email: 'e6@corp.example' })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E6', email: 'e6@corp.example', capacity: -1 })] });
    expect(d.skipped).toEqual([{ employeeId: 'E6', reason: 'capacity: must be at least 1' }]);
    expect(d.deactivate).toEqual([]);
  });

  it('skips both rows that give the same email', () => {
    const current = [agent({ id: 'a', employeeId: 'E1', email: 'taken@corp.example' })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E1', email: 'taken@corp.example', name: 'Agent a', nameZh: '客服 a' }), row({ employeeId: 'E2', email: 'taken@corp.example' })] });
    expect(d.skipped.map((s) => s.employeeId).sort()).toEqual(['E1', 'E2']);
    expect(d.deactivate).toEqual([]);
  });

  it('refuses an email that already belongs to another agent', () => {
    const current = [agent({ id: 'a', employeeId: 'E1', email: 'taken@corp.example', name: 'Agent a' })];
    const d = diffRoster({ current, rows: [row({ employeeId: 'E1', email: 'a@corp.example', name: 'Agent a' }), row({ employeeId: 'E2', email: 'taken@corp.example' })] });
    expect(d.skipped).toEqual([{ employeeId: 'E2', reason: 'email taken@corp.example already belongs to another agent' }]);
    expect(d.update).toMatchObject([{ id: 'a', changes: ['email'] }]);
  });
});
