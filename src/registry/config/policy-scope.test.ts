import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImageName } from '../ref/index.js';
import { parsePolicy } from './policy.js';
import { policyImage, requirementsFor } from './policy-scope.js';

const D = `sha256:${'c'.repeat(64)}`;

describe('policyImage', () => {
  it.each([
    {
      name: 'Docker Hub official image',
      image: 'docker://busybox',
      identity: 'docker.io/library/busybox:latest',
      namespaces: ['docker.io/library/busybox', 'docker.io/library', 'docker.io', '*.io'],
      display: 'docker://busybox:latest',
    },
    {
      name: 'registry with port and subdomains',
      image: `docker://a.b.example.com:5000/ns/app@${D}`,
      identity: `a.b.example.com:5000/ns/app@${D}`,
      namespaces: [
        'a.b.example.com:5000/ns/app',
        'a.b.example.com:5000/ns',
        'a.b.example.com:5000',
        '*.b.example.com',
        '*.example.com',
        '*.com',
      ],
      display: `docker://a.b.example.com:5000/ns/app@${D}`,
    },
    {
      name: 'docker-archive has no identity',
      image: 'docker-archive:/x.tar:busybox:1',
      identity: '',
      namespaces: [],
      display: 'docker-archive:/x.tar:docker.io/library/busybox:1',
    },
  ])('$name', ({ image, identity, namespaces, display }) => {
    const p = policyImage(parseImageName(image));
    expect(p.identity).toBe(identity);
    expect(p.namespaces).toEqual(namespaces);
    expect(p.displayName).toBe(display);
  });

  const root = realpathSync(mkdtempSync(join(tmpdir(), 'berth-scope-')));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'real/layout'), { recursive: true });
  symlinkSync(join(root, 'real'), join(root, 'link'));

  it('resolves dir: paths through symlinks and lists parents', () => {
    const p = policyImage(parseImageName(`dir:${join(root, 'link/layout')}`));
    expect(p.identity).toBe(join(root, 'real/layout'));
    expect(p.namespaces[0]).toBe(join(root, 'real'));
    expect(p.namespaces.at(-1)).toBe(`/${root.split('/')[1]}`);
    expect(p.dockerReference).toBeUndefined();
  });

  it('lists the oci: directory itself first, and resolves a missing leaf by its parent', () => {
    const p = policyImage(parseImageName(`oci:${join(root, 'link/new')}:tag`));
    expect(p.identity).toBe(join(root, 'real/new'));
    expect(p.namespaces.slice(0, 2)).toEqual([join(root, 'real/new'), join(root, 'real')]);
  });
});

describe('requirementsFor', () => {
  const policy = parsePolicy(
    Buffer.from(`{
      "default": [{"type": "reject"}],
      "transports": {
        "docker": {
          "docker.io/library/busybox:1": [{"type": "insecureAcceptAnything"}],
          "docker.io/library": [{"type": "reject"}],
          "*.example.com": [{"type": "insecureAcceptAnything"}],
          "": [{"type": "signedBaseLayer", "baseLayerIdentity": {"type": "matchRepository"}}]
        }
      }
    }`),
  );

  it.each([
    {
      name: 'full reference',
      image: 'docker://busybox:1',
      section: 'transport "docker" scope "docker.io/library/busybox:1"',
    },
    {
      name: 'namespace',
      image: 'docker://busybox:2',
      section: 'transport "docker" scope "docker.io/library"',
    },
    {
      name: 'wildcard',
      image: 'docker://r.example.com/x:1',
      section: 'transport "docker" scope "*.example.com"',
    },
    {
      name: "the transport's default",
      image: 'docker://quay.io/x:1',
      section: 'transport "docker" scope ""',
    },
    { name: 'the global default', image: 'dir:/tmp', section: 'default' },
  ])('$name', ({ image, section }) => {
    expect(requirementsFor(policy, policyImage(parseImageName(image))).section).toBe(section);
  });
});
