// Channel adapters for the notification outbox. E-mail goes over SMTP (nodemailer) when MOTCUA_SMTP_URL is set;
// SMS goes to the provider's HTTP API when MOTCUA_SMS_URL is set. Without them, messages are written to the log,
// which is what a demo or a test machine wants: no message leaves the machine.
import nodemailer from 'nodemailer';
import type { AppConfig } from '../../app/config.js';
import type { NotificationChannel, OutgoingMessage } from '../../app/notifications.js';

export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  readonly sent: OutgoingMessage[] = [];
  constructor(private readonly log: (line: string) => void = () => {}) {}
  async send(m: OutgoingMessage) {
    this.sent.push(m);
    this.log(`[${m.channel}] to ${m.recipient}: ${m.subject}`);
    return { providerRef: null };
  }
}

export class SmtpChannel implements NotificationChannel {
  readonly name = 'smtp';
  private readonly transport: nodemailer.Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }
  async send(m: OutgoingMessage) {
    const info = await this.transport.sendMail({ from: this.from, to: m.recipient, subject: m.subject, text: m.body });
    return { providerRef: String(info.messageId ?? '') || null };
  }
}

/**
 * A generic SMS gateway: POST {to, text} as JSON with a bearer token. Vietnamese gateways (brandname SMS) differ in
 * field names; a deployment maps them with MOTCUA_SMS_FIELDS ("to,text" by default).
 */
export class HttpSmsChannel implements NotificationChannel {
  readonly name = 'sms-http';
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly fields: [string, string] = ['to', 'text'],
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}
  async send(m: OutgoingMessage) {
    const res = await this.fetchImpl(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      // The body of an SMS message is already the whole text (short, without diacritics): the subject is for e-mail.
      body: JSON.stringify({ [this.fields[0]]: m.recipient, [this.fields[1]]: m.body.slice(0, 480) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    const text = await res.text();
    return { providerRef: text.slice(0, 200) || null };
  }
}

export function channelsFromConfig(config: AppConfig, log: (line: string) => void = () => {}): Record<'email' | 'sms', NotificationChannel> {
  const fallback = new LogChannel(log);
  return {
    email: config.smtpUrl ? new SmtpChannel(config.smtpUrl, config.mailFrom) : fallback,
    sms: config.smsUrl ? new HttpSmsChannel(config.smsUrl, config.smsToken, config.smsFields) : fallback,
  };
}
