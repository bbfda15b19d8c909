/** A passphrase-encrypted container: scrypt key, then AES-256-GCM chunks whose order and end are authenticated. */

import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const MAGIC = Buffer.from('HARBOUR-BACKUP-1\n');
const CHUNK = 256 * 1024;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 128 * 1024 * 1024 };

export class BackupFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFormatError';
  }
}

function deriveKey(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase.normalize('NFKC'), salt, 32, SCRYPT);
}

function aad(index: number, final: boolean): Buffer {
  return Buffer.from(`${index}:${final ? 1 : 0}`);
}

/** Plain bytes in, encrypted container out. */
export class EncryptStream extends Transform {
  private readonly key: Buffer;
  private readonly salt = randomBytes(16);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private headerSent = false;

  constructor(passphrase: string) {
    super();
    this.key = deriveKey(passphrase, this.salt);
  }

  private emitChunk(data: Buffer, final: boolean): void {
    if (!this.headerSent) {
      this.push(Buffer.concat([MAGIC, this.salt]));
      this.headerSent = true;
    }
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(aad(this.index++, final));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    this.push(Buffer.concat([len, Buffer.from([final ? 1 : 0]), nonce, cipher.getAuthTag(), body]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes > CHUNK) {
      const all = Buffer.concat(this.pending);
      this.emitChunk(all.subarray(0, CHUNK), false);
      const rest = all.subarray(CHUNK);
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.emitChunk(Buffer.concat(this.pending), true);
    cb();
  }
}

/** Encrypted container in, plain bytes out; a wrong passphrase, a changed byte or a cut-off file is an error. */
export class DecryptStream extends Transform {
  private buf = Buffer.alloc(0);
  private key: Buffer | null = null;
  private index = 0;
  private sawFinal = false;

  constructor(private readonly passphrase: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    try {
      if (!this.key) {
        if (this.buf.length < MAGIC.length + 16) {
          cb();
          return;
        }
        if (!this.buf.subarray(0, MAGIC.length).equals(MAGIC))
          throw new BackupFormatError('This file is not a Harbour backup');
        this.key = deriveKey(this.passphrase, this.buf.subarray(MAGIC.length, MAGIC.length + 16));
        this.buf = this.buf.subarray(MAGIC.length + 16);
      }
      while (this.buf.length >= 33) {
        const len = this.buf.readUInt32BE(0);
        if (len > CHUNK + 16)
          throw new BackupFormatError('The backup is damaged (a chunk has an impossible length)');
        if (this.buf.length < 33 + len) break;
        if (this.sawFinal) throw new BackupFormatError('The backup has data after its end');
        const final = this.buf[4] === 1;
        const decipher = createDecipheriv('aes-256-gcm', this.key, this.buf.subarray(5, 17));
        decipher.setAAD(aad(this.index++, final));
        decipher.setAuthTag(this.buf.subarray(17, 33));
        let plain: Buffer;
        try {
          plain = Buffer.concat([decipher.update(this.buf.subarray(33, 33 + len)), decipher.final()]);
        } catch {
          throw new BackupFormatError(
            this.index === 1
              ? 'The passphrase is wrong, or the backup is damaged'
              : 'The backup is damaged (a chunk failed its integrity check)',
          );
        }
        this.buf = this.buf.subarray(33 + len);
        if (final) this.sawFinal = true;
        this.push(plain);
      }
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    if (!this.sawFinal || this.buf.length > 0)
      cb(new BackupFormatError('The backup is incomplete (it was cut off before its end)'));
    else cb();
  }
}
