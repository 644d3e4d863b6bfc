// 短信接口: an SmsSender takes messages inside the transaction (or sweep step) that decided them. The default
// adapter writes each to the `sms_outbox` table for a gateway to send later; `off` drops them.
// The phone stays sealed: the adapter is the only place that opens it (to check it is a mobile number
// and to keep a masked copy for the outbox list); the outbox keeps the sealed value for the gateway.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { maskPhone, type CipherSuite } from '../personal/index.js';

export interface SmsMessage {
  /** the recipient's phone, sealed as stored (users.phone_sealed, case_parties.phone_sealed) */
  phoneSealed: string;
  body: string;
  /** what the message is about: the notification kind, 'receipt', 'closed' … */
  kind: string;
  /** who it is for, without personal data: 'user:12', 'applicant' */
  recipient: string;
  caseId?: number | null;
  notificationId?: number | null;
}

export interface SmsSender {
  readonly mode: 'outbox' | 'off';
  /** Queue the messages in the caller's transaction; returns how many were queued. */
  send(trx: Kysely<DB>, messages: SmsMessage[], now: Date): Promise<number>;
}

export const SMS_SIGNATURE = '【枫桥】';
export const SMS_MAX_LENGTH = 300;

export function outboxSender(cipher: CipherSuite): SmsSender {
  return {
    mode: 'outbox',
    async send(trx, messages, now) {
      const rows = [];
      for (const m of messages) {
        let masked: string;
        try {
          const phone = cipher.decrypt(m.phoneSealed);
          if (!/^1[3-9]\d{9}$/.test(phone.replace(/^(\+86|0086)/, '').replace(/[\s-]/g, ''))) continue; // not a mobile: no SMS
          masked = maskPhone(phone);
        } catch {
          continue; // a phone that cannot be opened is skipped, never a failed transaction
        }
        const body = (m.body.startsWith(SMS_SIGNATURE) ? m.body : SMS_SIGNATURE + m.body).slice(0, SMS_MAX_LENGTH);
        rows.push({ phoneSealed: m.phoneSealed, phoneMasked: masked, body, kind: m.kind, recipient: m.recipient, caseId: m.caseId ?? null, notificationId: m.notificationId ?? null, createdAt: now });
      }
      if (rows.length) await trx.insertInto('smsOutbox').values(rows).execute();
      return rows.length;
    },
  };
}

export const smsOff: SmsSender = { mode: 'off', send: async () => 0 };

export const smsSender = (mode: 'outbox' | 'off', cipher: CipherSuite): SmsSender => (mode === 'off' ? smsOff : outboxSender(cipher));
