// Writes layer.tar, the fixture the layer tests read; see README.md for the zstd steps.
import { writeFileSync } from 'node:fs';
import { pack } from 'tar-stream';

const p = pack();
const chunks = [];
p.on('data', (c) => chunks.push(c));
const done = new Promise((r) => p.on('end', r));
const mtime = new Date(1700000000 * 1000);
const add = (h, body) =>
  new Promise((res, rej) =>
    body !== undefined
      ? p.entry({ mtime, uid: 0, gid: 0, ...h }, body, (e) => (e ? rej(e) : res()))
      : p.entry({ mtime, uid: 0, gid: 0, ...h }, (e) => (e ? rej(e) : res())),
  );
await add({ name: 'etc/', type: 'directory', mode: 0o755 });
await add({ name: 'etc/os-release', mode: 0o644 }, 'NAME=berth\n');
await add({ name: 'usr/bin/', type: 'directory', mode: 0o755 });
await add(
  { name: 'usr/bin/tool', mode: 0o4755, uid: 1000, gid: 1000, uname: 'dev', gname: 'dev' },
  Buffer.alloc(5000, 0x41),
);
await add({ name: 'usr/bin/tool-link', type: 'link', linkname: 'usr/bin/tool', mode: 0o4755 });
await add({ name: 'usr/bin/sh', type: 'symlink', linkname: '/bin/busybox', mode: 0o777 });
await add({ name: `deep/${'d'.repeat(120)}/file.txt`, mode: 0o600 }, 'long');
await add({ name: 'var/cache/.wh..wh..opq', mode: 0o644 }, '');
await add({ name: 'var/.wh.log', mode: 0o644 }, '');
await add({ name: 'tmp/evil\x1b[2Jname', mode: 0o644 }, 'x');
await add({ name: 'dev/null', type: 'character-device', mode: 0o666, devmajor: 1, devminor: 3 });
await add({ name: 'run/fifo', type: 'fifo', mode: 0o600 });
p.finalize();
await done;
writeFileSync(new URL('layer.tar', import.meta.url), Buffer.concat(chunks));
