import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Enforces the direction of dependencies from DEVELOPERS.md: the registry core stays
 * framework-free, and the store imports only the core. A violation names the file and
 * the import so the fix is obvious.
 */
const root = resolve(import.meta.dirname, '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

const importRe =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(importRe)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

interface Rule {
  name: string;
  folder: string;
  forbiddenPackages: RegExp;
  forbiddenFolders: string[];
}

const uiPackages = /^(react|react-dom|ink|ink-[\w-]+|@inkjs\/.*|zustand)(\/.*)?$/;
const rules: Rule[] = [
  {
    name: 'src/registry is framework-free',
    folder: 'src/registry',
    forbiddenPackages: uiPackages,
    forbiddenFolders: ['src/store', 'src/app', 'src/keys', 'src/screens', 'src/components', 'src/cli'],
  },
  {
    name: 'src/store imports only the registry core (and zustand/vanilla)',
    folder: 'src/store',
    forbiddenPackages: /^(react|react-dom|ink|ink-[\w-]+|@inkjs\/.*)(\/.*)?$|^zustand$|^zustand\/(?!vanilla)/,
    forbiddenFolders: ['src/app', 'src/keys', 'src/screens', 'src/components', 'src/cli'],
  },
];

function violations(rule: Rule, file: string, text: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(text)) {
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(file, '..', spec))
        .split(sep)
        .join('/');
      const bad = rule.forbiddenFolders.find((f) => target === f || target.startsWith(`${f}/`));
      if (bad) out.push(`${relative(root, file)} imports ${spec} (${bad})`);
    } else if (rule.forbiddenPackages.test(spec)) {
      out.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  return out;
}

describe('architecture', () => {
  it.each(rules)('$name', async (rule) => {
    const files = await sourceFiles(join(root, rule.folder));
    const found: string[] = [];
    for (const f of files) found.push(...violations(rule, f, await readFile(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds the registry core', async () => {
    expect((await sourceFiles(join(root, 'src/registry'))).length).toBeGreaterThan(5);
  });

  // The checker itself must catch what it is meant to catch.
  it.each([
    { name: 'ink import', text: "import { Box } from 'ink';", file: 'src/registry/x.ts', bad: true },
    {
      name: 'react type import',
      text: "import type { FC } from 'react';",
      file: 'src/registry/x.ts',
      bad: true,
    },
    {
      name: 'zustand in core',
      text: "import { createStore } from 'zustand/vanilla';",
      file: 'src/registry/x.ts',
      bad: true,
    },
    {
      name: 'store reach-up',
      text: "export * from '../store/index.js';",
      file: 'src/registry/x.ts',
      bad: true,
    },
    {
      name: 'lazy ui import',
      text: "const m = await import('../screens/Tags.js');",
      file: 'src/registry/x.ts',
      bad: true,
    },
    {
      name: 'sibling import',
      text: "import { parseDigest } from '../digest/digest.js';",
      file: 'src/registry/ref/x.ts',
      bad: false,
    },
    { name: 'undici', text: "import { Agent } from 'undici';", file: 'src/registry/x.ts', bad: false },
  ])('checker: $name', ({ text, file, bad }) => {
    const found = violations(rules[0]!, join(root, file), text);
    expect(found.length > 0).toBe(bad);
  });

  it('store may use zustand/vanilla but not zustand (React binding)', () => {
    const store = rules[1]!;
    expect(
      violations(store, join(root, 'src/store/x.ts'), "import { createStore } from 'zustand/vanilla';"),
    ).toEqual([]);
    expect(violations(store, join(root, 'src/store/x.ts'), "import { create } from 'zustand';")).toHaveLength(
      1,
    );
  });
});
