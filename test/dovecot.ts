import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';
const USER = 'agent';

export type DovecotInstance = {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** Root of the virtual user's maildir; survives restart() and is removed by stop(). */
  maildir: string;
  /** imap://user:password@127.0.0.1:port */
  url: string;
  appendMessage(raw: Buffer | string, folder?: string): Promise<void>;
  /** Every message of a folder in UID order, read without touching \Seen; [] when the folder is missing. */
  listFolder(folder: string): Promise<Array<{ uid: number; seen: boolean; raw: Buffer }>>;
  /** Stops the server and starts it again on the same port with the same maildir (a server restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

type Accounts = {
  internalUser: string;
  internalGroup: string;
  loginUser: string;
  mailUid: number;
  mailGid: number;
};

/** The name of a passwd or group entry by its numeric id (field 3 in both files). */
async function entryName(file: string, id: number): Promise<string | undefined> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.map((line) => line.split(':')).find((fields) => Number(fields[2]) === id)?.[0];
}

/**
 * Which system users the throwaway server runs as. Dovecot refuses mail access as UID 0, so under root
 * (CI) the mail processes run as the package's own `dovecot` user and the login processes as `dovenull`.
 * Without root Dovecot cannot switch users at all, so everything runs as the current user.
 */
async function accountsFor(): Promise<Accounts> {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = (await entryName('/etc/group', me.gid)) ?? me.username;
    return {
      internalUser: me.username,
      internalGroup: group,
      loginUser: me.username,
      mailUid: me.uid,
      mailGid: me.gid,
    };
  }
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith('dovecot:'));
  if (!entry)
    throw new Error('The dovecot system user is missing; reinstall with apt-get install -y dovecot-imapd');
  const [, , uid, gid] = entry.split(':');
  const group = (await entryName('/etc/group', Number(gid))) ?? 'dovecot';
  return {
    internalUser: 'dovecot',
    internalGroup: group,
    loginUser: 'dovenull',
    mailUid: Number(uid),
    mailGid: Number(gid),
  };
}

function dovecotConf(dir: string, port: number, accounts: Accounts, rootless: boolean): string {
  // Only this file is read (no conf.d includes), so nothing of the system installation leaks in:
  // own base_dir (sockets, pid file) and state_dir let several instances run side by side.
  return `${[
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    // Plaintext LOGIN over loopback without TLS; Dovecot 2.3 refuses it otherwise.
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `default_internal_user = ${accounts.internalUser}`,
    `default_login_user = ${accounts.loginUser}`,
    // Group of the internal unix sockets; a rootless master can only hand them to its own group.
    `default_internal_group = ${accounts.internalGroup}`,
    // System users such as `dovecot` have UIDs below the default limit of 500.
    'first_valid_uid = 1',
    `mail_location = maildir:${dir}/mail/%u`,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN ${dir}/passwd`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${accounts.mailUid} gid=${accounts.mailGid} home=${dir}/mail/%u`,
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    // Port 0 switches the default imaps listener (993) off.
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    // chroot needs root; a rootless instance stays unchrooted.
    ...(rootless ? ['  chroot =', '}', 'service auth {', '  chroot =', '}'] : ['}']),
  ].join('\n')}\n`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** Resolves once the server sends its IMAP greeting on the port, not merely accepts the connection. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('data', (chunk) => finish(chunk.toString('latin1').startsWith('* OK')));
    socket.connect(port, '127.0.0.1');
  });
}

/** Signals a server's whole process group: on SIGTERM the master exits without waiting for its imap
 * processes, which would otherwise keep serving open sessions from the old instance. */
function signalGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (proc.pid) process.kill(-proc.pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

const running = new Set<ChildProcess>();
// A test run that dies without calling stop() must not leave servers behind.
process.once('exit', () => {
  for (const child of running) signalGroup(child, 'SIGKILL');
});

/** Starts a throwaway Dovecot on a free loopback port with a temp maildir and one user, `agent`. */
export async function startDovecot(): Promise<DovecotInstance> {
  if (!existsSync(DOVECOT)) {
    throw new Error(`${DOVECOT} is missing: run \`apt-get install -y dovecot-imapd\` (.ci/run installs it)`);
  }
  const accounts = await accountsFor();
  const rootless = userInfo().uid !== 0;
  const dir = await mkdtemp(join(tmpdir(), 'channeldesk-dovecot-'));
  // The auth process (internal user) reads the passwd file and the mail processes (mail UID) write the
  // maildir, so neither may be locked out of the temp dir mkdtemp creates with mode 0700.
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'mail'));
  await chown(join(dir, 'mail'), accounts.mailUid, accounts.mailGid);
  const password = 'pw-secret';
  await writeFile(join(dir, 'passwd'), `${USER}:{PLAIN}${password}\n`, { mode: 0o644 });

  let port = 0;
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const proc = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group, so stopping reaches every process of this instance and no other.
      detached: true,
    });
    let stderr = '';
    proc.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
      running.delete(proc);
    });
    running.add(proc);
    child = proc;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (exited) {
        const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
        throw new Error(`dovecot exited during start-up: ${stderr}${log}`);
      }
      if (await greets(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await halt();
    throw new Error(`dovecot did not greet on port ${port} within 10 s: ${stderr}`);
  }

  async function halt(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      signalGroup(proc, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Whatever of the group outlived the master (log, stats, imap sessions) ends now, as in a real restart.
    signalGroup(proc, 'SIGKILL');
  }

  // Another process may take the port between freePort() and Dovecot's bind; pick another then.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    await writeFile(join(dir, 'dovecot.conf'), dovecotConf(dir, port, accounts, rootless));
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('in use')) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  async function withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: USER, pass: password },
      logger: false,
      disableAutoIdle: true,
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  return {
    host: '127.0.0.1',
    port,
    user: USER,
    password,
    maildir: join(dir, 'mail', USER),
    url: `imap://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    appendMessage: (raw, folder = 'INBOX') =>
      withClient(async (client) => {
        if (folder !== 'INBOX') await client.mailboxCreate(folder);
        if (!(await client.append(folder, raw))) throw new Error(`APPEND to ${folder} failed`);
      }),
    listFolder: (folder) =>
      withClient(async (client) => {
        const exists = (await client.list()).some((box) => box.path === folder);
        if (!exists) return [];
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const messages = await client.fetchAll('1:*', { uid: true, flags: true, source: true });
          return messages
            .map((message) => ({
              uid: message.uid,
              seen: message.flags?.has('\\Seen') ?? false,
              raw: message.source ?? Buffer.alloc(0),
            }))
            .sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      }),
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
