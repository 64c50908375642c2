import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEPLOY = join(__dirname, '..', '..', 'docs', 'deploy');
export const UNIT_FILE = join(DEPLOY, 'folio.service');
export const ENV_FILE = join(DEPLOY, 'folio.env');

/** What systemd takes from the reference unit to start Folio, and how long it waits for it to stop. */
export interface ServiceUnit {
  /** ExecStart, split on spaces (the unit quotes nothing). */
  command: string[];
  /** The unit's Environment= lines. */
  environment: Record<string, string>;
  killSignal: NodeJS.Signals;
  timeoutStopMs: number;
}

/** `KEY=VALUE` lines, as systemd's EnvironmentFile reads them (no quotes in the reference files). */
export function readEnvironmentFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}

export function readServiceUnit(text = readFileSync(UNIT_FILE, 'utf8')): ServiceUnit {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1], [...(settings.get(match[1]) ?? []), match[2]]);
  }
  const one = (key: string): string => {
    const values = settings.get(key) ?? [];
    if (values.length !== 1)
      throw new Error(`${UNIT_FILE}: expected one ${key}=, found ${values.length}`);
    return values[0];
  };
  const environment = readEnvironmentFile((settings.get('Environment') ?? []).join('\n'));
  const timeout = /^(\d+)s?$/.exec(one('TimeoutStopSec'));
  if (!timeout) throw new Error(`${UNIT_FILE}: TimeoutStopSec is not a number of seconds`);
  return {
    command: one('ExecStart').split(/\s+/),
    environment,
    killSignal: one('KillSignal') as NodeJS.Signals,
    timeoutStopMs: Number(timeout[1]) * 1000,
  };
}
