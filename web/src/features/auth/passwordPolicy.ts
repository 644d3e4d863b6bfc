// The password rules for hints: the real policy for sec_admin (who may read it), else the server's defaults.
// The server checks every password anyway and its message is shown when one fails.
import { useEffect, useState } from 'react';
import { get } from '../../api';
import { useSession } from './session';

export interface PasswordRules {
  passwordMinLength: number;
  passwordMinClasses: number;
}

export const DEFAULT_RULES: PasswordRules = { passwordMinLength: 8, passwordMinClasses: 3 };

export function usePasswordRules(): PasswordRules {
  const { can } = useSession();
  const readable = can('policy.manage');
  const [rules, setRules] = useState<PasswordRules>(DEFAULT_RULES);
  useEffect(() => {
    if (!readable) return;
    get<PasswordRules>('/api/security/policy').then(setRules, () => undefined);
  }, [readable]);
  return rules;
}

const SETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '@#%&*+=?!'];

/** A random temporary password with every character class, long enough for the rules. */
export function generatePassword(rules: PasswordRules = DEFAULT_RULES): string {
  const length = Math.max(12, rules.passwordMinLength);
  const rand = (n: number) => {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return a[0] % n;
  };
  const pick = (s: string) => s[rand(s.length)];
  const chars = SETS.map(pick);
  const all = SETS.join('');
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
